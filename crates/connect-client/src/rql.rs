//! RQL: the resource query language of Connect.
