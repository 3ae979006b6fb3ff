//! What works for any resource: `reload`, the generic `list`, and the raw JSON escape hatch.

use std::future::Future;

use platform_client_core::Request;
use serde::de::DeserializeOwned;

use super::{List, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::Result;
use crate::fields;
use crate::models::{
    Activity, Banner, Context, ExpiringDownload, Form, Notification, Part, Property, Scope,
    Service, ServiceExecution, Team, User, Widget, Workflow,
};

/// An object that can be fetched again ([`KechainClient::reload`]).
pub trait Reload: Sized {
    /// Fetches the object's current state.
    fn reload_with<'a>(
        &'a self,
        client: &'a KechainClient,
    ) -> impl Future<Output = Result<Self>> + Send + 'a;
}

impl Reload for Scope {
    async fn reload_with<'a>(&'a self, client: &'a KechainClient) -> Result<Self> {
        check_uuid("scope id", &self.id)?;
        let request =
            Request::get(format!("api/v3/scopes/{}.json", self.id)).query("fields", fields::SCOPE);
        first_result(client, request, "the scope to reload").await
    }
}

/// Reloads through each resource's detail lookup.
macro_rules! reload_by_id {
    ($($model:ty => |$client:ident, $object:ident| $get:expr;)+) => {$(
        impl Reload for $model {
            fn reload_with<'a>(&'a self, $client: &'a KechainClient) -> impl Future<Output = Result<Self>> + Send + 'a {
                let $object = self;
                async move { $get.await }
            }
        }
    )+};
}

reload_by_id! {
    Activity => |c, o| c.activities().get(&o.id);
    Part => |c, o| c.parts().get(&o.id);
    Property => |c, o| c.properties().get(&o.id);
    Service => |c, o| c.services().get(&o.id);
    ServiceExecution => |c, o| c.service_executions().get(&o.id);
    User => |c, o| c.users().get(o.pk);
    Team => |c, o| c.teams().get(&o.id);
    Widget => |c, o| c.widgets().get(&o.id);
    Notification => |c, o| c.notifications().get(&o.id);
    Banner => |c, o| c.banners().get(&o.id);
    ExpiringDownload => |c, o| c.expiring_downloads().get(&o.id);
    Context => |c, o| c.contexts().get(&o.id);
    Form => |c, o| c.forms().get(&o.id);
    Workflow => |c, o| c.workflows().get(&o.id);
}

impl KechainClient {
    /// Fetches the current state of `object` (any model); a deleted object gives
    /// [`Error::NotFound`](crate::Error::NotFound).
    pub async fn reload<T: Reload>(&self, object: &T) -> Result<T> {
        object.reload_with(self).await
    }

    /// Lists any collection, e.g. `kc.list::<serde_json::Value>("api/v3/stored_files.json")`
    /// (pykechain's generic `list`): always paged, exact limit, any filter.
    pub fn list<T: DeserializeOwned + Send + 'static>(&self, path: &str) -> List<'_, T> {
        let relative = path.trim_start_matches('/');
        let list = List::new(self, relative, format!("an item of `{path}`"));
        if relative.is_empty()
            || relative.split('/').any(|s| s == ".." || s == ".")
            || relative.contains("://")
        {
            return list.with(|l| l.reject(format!("`{path}` is not a relative API path")));
        }
        list
    }

    /// Sends any request and returns the JSON answer (`null` for an empty body): the escape
    /// hatch for what the typed API does not cover. Errors are mapped like every other call.
    pub async fn send_raw(&self, request: Request) -> Result<serde_json::Value> {
        let response = self.http.send(request).await?;
        if response.bytes().is_empty() {
            return Ok(serde_json::Value::Null);
        }
        Ok(response.json()?)
    }
}
