//! Addons: what is installed, endpoint paths and URLs, installing from a zip, private files,
//! deleting addons and versions, and the server restart that loads them.

use std::path::{Component, Path, PathBuf};

use platform_client_core::reexports::Method;
use platform_client_core::{Request, TransferProgress, Upload};
use serde::Deserialize;

use super::files::FileUpload;
use crate::error::Error;

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

    /// Installs an addon from its zip (`upload_addon_zip`): `POST api/addons/install`,
    /// streamed; the id of the server's install event. Restart the server afterwards.
    pub async fn upload_zip(
        &self,
        source: Upload,
        progress: Option<&TransferProgress>,
    ) -> Result<String> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Installing {
            event_id: String,
        }
        let mut upload = FileUpload::new(self.client, Ok("api/addons/install".to_owned()), source)
            .method(Method::POST)
            .content_type("application/zip");
        if let Some(progress) = progress {
            upload = upload.progress(progress);
        }
        let installing: Installing = upload.send().await?.json()?;
        Ok(installing.event_id)
    }

    /// Downloads one of an addon's private files (`download_addon_private_file`): `GET
    /// addons/{name}/{version}/private/{filename}` (not under `/api`) into
    /// `dest_dir/dest_filename` (default: `filename`, which may name subfolders); the path
    /// written. Neither name may leave `dest_dir` (`..`, absolute paths refused).
    pub async fn download_private_file(
        &self,
        name: &str,
        version: &str,
        filename: &str,
        dest_dir: impl AsRef<Path>,
        dest_filename: Option<&str>,
        progress: Option<&TransferProgress>,
    ) -> Result<PathBuf> {
        let segments: Vec<&str> = filename.split('/').collect();
        let mut subpaths = vec!["private"];
        subpaths.extend(&segments);
        let path = endpoint(name, version, &subpaths)?;
        let relative = dest_filename.unwrap_or(filename);
        let inside = Path::new(relative)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if relative.trim().is_empty() || !inside {
            return Err(Error::invalid(format!(
                "the destination file name {relative:?} must stay inside the destination directory"
            )));
        }
        let dest = dest_dir.as_ref().join(relative);
        self.client
            .download_request(Request::get(path), &dest, progress)
            .await?;
        Ok(dest)
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
