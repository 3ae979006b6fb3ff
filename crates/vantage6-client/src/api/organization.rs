//! Organisations: list, get (by id or the own one), create, update.

use platform_client_core::Request;
use serde_json::{Map, Value};

use super::{List, check_id, check_text, put};
use crate::client::Vantage6Client;
use crate::error::Result;
use crate::models::Organization;

impl Vantage6Client {
    /// Organisations.
    pub fn organization(&self) -> Organizations<'_> {
        Organizations { client: self }
    }
}

/// The organisation handler: `client.organization()`.
#[derive(Debug, Clone, Copy)]
pub struct Organizations<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Organizations<'c> {
    /// Lists organisations (`GET organization`); narrow it with the filters of
    /// [`List<Organization>`].
    pub fn list(&self) -> List<'c, Organization> {
        List::of(self.client, "organization")
    }

    /// One organisation (`GET organization/<id>`).
    pub async fn get(&self, id: u64) -> Result<Organization> {
        check_id("id", id)?;
        self.client
            .json(Request::get(format!("organization/{id}")))
            .await
    }

    /// The logged-in user's own organisation.
    pub async fn own(&self) -> Result<Organization> {
        self.get(self.client.own_organization()?).await
    }

    /// Creates an organisation named `name` (`POST organization`); set the other fields on
    /// the returned request.
    pub fn create(&self, name: impl Into<String>) -> OrganizationWrite<'c> {
        OrganizationWrite::new(self.client, None, Some(name.into()))
    }

    /// Updates an organisation (`PATCH organization/<id>`): only the fields set are sent.
    pub fn update(&self, id: u64) -> OrganizationWrite<'c> {
        OrganizationWrite::new(self.client, Some(Some(id)), None)
    }

    /// Updates the logged-in user's own organisation.
    pub fn update_own(&self) -> OrganizationWrite<'c> {
        OrganizationWrite::new(self.client, Some(None), None)
    }
}

impl List<'_, Organization> {
    /// Only organisations with this name (`name`; `%` is a wildcard).
    pub fn name(self, name: impl Into<String>) -> Self {
        self.text("name", name)
    }

    /// Only organisations in this country (`country`).
    pub fn country(self, country: impl Into<String>) -> Self {
        self.text("country", country)
    }

    /// Only members of this collaboration (`collaboration_id`).
    pub fn collaboration(self, id: u64) -> Self {
        self.id("collaboration_id", id)
    }

    /// Only organisations in this study (`study_id`, servers 4.7+).
    pub fn study(self, id: u64) -> Self {
        self.id("study_id", id)
    }
}

/// Creates or updates an organisation; see [`Organizations::create`] and
/// [`Organizations::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct OrganizationWrite<'c> {
    client: &'c Vantage6Client,
    /// `None` to create; `Some(None)` the own organisation; `Some(Some(id))` that one.
    target: Option<Option<u64>>,
    name: Option<String>,
    fields: Vec<(&'static str, String)>,
}

impl<'c> OrganizationWrite<'c> {
    fn new(client: &'c Vantage6Client, target: Option<Option<u64>>, name: Option<String>) -> Self {
        OrganizationWrite {
            client,
            target,
            name,
            fields: Vec::new(),
        }
    }

    fn field(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.fields.retain(|(k, _)| *k != key);
        self.fields.push((key, value.into()));
        self
    }

    /// The name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// First address line.
    pub fn address1(self, value: impl Into<String>) -> Self {
        self.field("address1", value)
    }

    /// Second address line.
    pub fn address2(self, value: impl Into<String>) -> Self {
        self.field("address2", value)
    }

    /// Postal code.
    pub fn zipcode(self, value: impl Into<String>) -> Self {
        self.field("zipcode", value)
    }

    /// Country.
    pub fn country(self, value: impl Into<String>) -> Self {
        self.field("country", value)
    }

    /// Internet domain.
    pub fn domain(self, value: impl Into<String>) -> Self {
        self.field("domain", value)
    }

    /// The public key, as the server stores it (base64 of PEM; see
    /// [`crate::crypto::Cryptor::public_key_base64`]). Only members of the organisation may set it.
    pub fn public_key(self, value: impl Into<String>) -> Self {
        self.field("public_key", value)
    }

    /// Sends the request and returns the organisation.
    pub async fn send(self) -> Result<Organization> {
        let mut body = Map::new();
        if let Some(name) = &self.name {
            check_text("name", name)?;
        }
        put(&mut body, "name", self.name)?;
        for (key, value) in self.fields {
            body.insert(key.to_owned(), Value::String(value));
        }
        let request = match self.target {
            None => Request::post("organization"),
            Some(target) => {
                let id = match target {
                    Some(id) => id,
                    None => self.client.own_organization()?,
                };
                check_id("id", id)?;
                if body.is_empty() {
                    return Err(crate::Error::invalid(
                        "nothing to update: set at least one field",
                    ));
                }
                Request::patch(format!("organization/{id}"))
            }
        };
        self.client.json(request.json(&body)?).await
    }
}
