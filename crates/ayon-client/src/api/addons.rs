//! Addons: what is installed, endpoint paths and URLs, deleting addons and versions, and the
//! server restart that loads them.

use platform_client_core::Request;
use serde::Deserialize;

use super::check_segment;
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::AddonInfo;

impl AyonClient {
    /// Addons.
    pub fn addons(&self) -> Addons<'_> {
        Addons { client: self }
    }

    /// Restarts the server (`trigger_server_restart`): `POST /api/system/restart` (admins;
    /// needed after installing addons).
    pub async fn trigger_server_restart(&self) -> Result<()> {
        self.send_empty(Request::post("api/system/restart")).await
    }
}

/// The addon handler: `client.addons()`.
#[derive(Debug, Clone, Copy)]
pub struct Addons<'c> {
    client: &'c AyonClient,
}

#[derive(Deserialize)]
struct AddonList {
    #[serde(default)]
    addons: Vec<AddonInfo>,
}

fn endpoint(name: &str, version: &str, subpaths: &[&str]) -> Result<String> {
    check_segment("addon_name", name)?;
    check_segment("addon_version", version)?;
    let mut path = format!("addons/{name}/{version}");
    for sub in subpaths {
        check_segment("subpath", sub)?;
        path.push('/');
        path.push_str(sub);
    }
    Ok(path)
}

impl Addons<'_> {
    /// The installed addons (`get_addons_info`): `GET /api/addons?details=1` with `details`.
    pub async fn info(&self, details: bool) -> Result<Vec<AddonInfo>> {
        let mut request = Request::get("api/addons");
        if details {
            request = request.query("details", 1);
        }
        let list: AddonList = self.client.json(request).await?;
        Ok(list.addons)
    }

    /// The endpoint of an addon's route, for the generic calls (`get_addon_endpoint`):
    /// `addons/{name}/{version}/{subpaths...}`.
    pub fn endpoint(&self, name: &str, version: &str, subpaths: &[&str]) -> Result<String> {
        endpoint(name, version, subpaths)
    }

    /// The full URL of an addon's route (`get_addon_url`): under `/api` when `use_rest` (the
    /// REST routes), under the server root otherwise (static and private files). The seed had
    /// the two the wrong way round.
    pub fn url(
        &self,
        name: &str,
        version: &str,
        subpaths: &[&str],
        use_rest: bool,
    ) -> Result<String> {
        let path = endpoint(name, version, subpaths)?;
        let root = if use_rest {
            self.client.rest_url()
        } else {
            self.client.base_url().to_owned()
        };
        Ok(format!("{root}/{path}"))
    }

    /// Deletes an addon, every version (`delete_addon`); `purge` also removes its settings.
    pub async fn delete(&self, name: &str, purge: Option<bool>) -> Result<()> {
        check_segment("addon_name", name)?;
        let request = Request::delete(format!("api/addons/{name}")).query_opt("purge", purge);
        self.client.send_empty(request).await
    }

    /// Deletes one version of an addon (`delete_addon_version`).
    pub async fn delete_version(
        &self,
        name: &str,
        version: &str,
        purge: Option<bool>,
    ) -> Result<()> {
        check_segment("addon_name", name)?;
        check_segment("addon_version", version)?;
        let request =
            Request::delete(format!("api/addons/{name}/{version}")).query_opt("purge", purge);
        self.client.send_empty(request).await
    }
}
