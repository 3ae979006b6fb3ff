//! Desktop installers and dependency packages: list, create, update sources, delete, and
//! their files' streamed upload and download.

use std::path::Path;

use platform_client_core::{Request, TransferProgress, Upload};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::files::FileUpload;
use super::{check_segment, check_text};
use crate::client::{AyonClient, platform_name};
use crate::error::{Error, Result};
use crate::models::DesktopPackage;

impl AyonClient {
    /// Desktop installers.
    pub fn installers(&self) -> Desktop<'_> {
        Desktop {
            client: self,
            route: "installers",
        }
    }

    /// Dependency packages.
    pub fn dependency_packages(&self) -> Desktop<'_> {
        Desktop {
            client: self,
            route: "dependencyPackages",
        }
    }
}

/// The installer or dependency package handler: `client.installers()`,
/// `client.dependency_packages()`.
#[derive(Debug, Clone, Copy)]
pub struct Desktop<'c> {
    client: &'c AyonClient,
    route: &'static str,
}

#[derive(Deserialize)]
struct Listing {
    #[serde(default, alias = "packages")]
    installers: Vec<DesktopPackage>,
}

fn check_platform(platform: &str) -> Result<()> {
    if matches!(platform, "windows" | "linux" | "darwin") {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`platform` must be windows, linux or darwin, not {platform:?}"
        )))
    }
}

impl<'c> Desktop<'c> {
    /// The files (`get_installers(version, platform_name)`, `get_dependency_packages`); the
    /// filters as separate query pairs (the seed joined them with `,`).
    pub async fn list(
        &self,
        version: Option<&str>,
        platform: Option<&str>,
    ) -> Result<Vec<DesktopPackage>> {
        if let Some(v) = version {
            check_text("version", v)?;
        }
        if let Some(p) = platform {
            check_platform(p)?;
        }
        let request = Request::get(format!("api/desktop/{}", self.route))
            .query_opt("version", version)
            .query_opt("platform", platform);
        let listing: Listing = self.client.json(request).await?;
        Ok(listing.installers)
    }

    /// Registers a file (`create_installer`, `create_dependency_package`): `POST`; upload its
    /// content afterwards. `fields` are the rest of the model (`version`, `pythonVersion`,
    /// `pythonModules`, `runtimePythonModules`, `sourceAddons`, `installerVersion`, `sources`).
    pub fn create(
        &self,
        filename: &str,
        checksum: &str,
        checksum_algorithm: &str,
        size: u64,
    ) -> DesktopCreate<'c> {
        let mut body = Map::new();
        body.insert("filename".to_owned(), json!(filename));
        body.insert("checksum".to_owned(), json!(checksum));
        body.insert("checksumAlgorithm".to_owned(), json!(checksum_algorithm));
        body.insert("size".to_owned(), json!(size));
        body.insert("platform".to_owned(), json!(platform_name()));
        DesktopCreate {
            desktop: *self,
            filename: filename.to_owned(),
            body,
        }
    }

    /// Replaces a file's sources (`update_installer`, `update_dependency_package`): each
    /// `{"type": "server"}` or `{"type": "http", "url": ...}` (the server's model).
    pub async fn update_sources(&self, filename: &str, sources: Vec<Value>) -> Result<()> {
        check_segment("filename", filename)?;
        let request = Request::patch(format!("api/desktop/{}/{filename}", self.route))
            .json(&json!({"sources": sources}))?;
        self.client.send_empty(request).await
    }

    /// Uploads a registered file's content (`upload_installer`,
    /// `upload_dependency_package`): `PUT api/desktop/{installers|dependencyPackages}/{f}`,
    /// streamed; register it with [`create`](Self::create) first.
    pub fn upload(&self, filename: &str, source: Upload) -> FileUpload<'c> {
        let path = check_segment("filename", filename)
            .map(|()| format!("api/desktop/{}/{filename}", self.route));
        FileUpload::new(self.client, path, source)
    }

    /// Downloads a file into `dest` (`download_installer`, `download_dependency_package`);
    /// the number of bytes. `dest` appears only once complete.
    pub async fn download(
        &self,
        filename: &str,
        dest: impl AsRef<Path>,
        progress: Option<&TransferProgress>,
    ) -> Result<u64> {
        check_segment("filename", filename)?;
        let request = Request::get(format!("api/desktop/{}/{filename}", self.route));
        self.client
            .download_request(request, dest.as_ref(), progress)
            .await
    }

    /// Deletes a file (`delete_installer`, `delete_dependency_package`).
    pub async fn delete(&self, filename: &str) -> Result<()> {
        check_segment("filename", filename)?;
        self.client
            .send_empty(Request::delete(format!(
                "api/desktop/{}/{filename}",
                self.route
            )))
            .await
    }
}

/// Registers an installer or dependency package; see [`Desktop::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct DesktopCreate<'c> {
    desktop: Desktop<'c>,
    filename: String,
    body: Map<String, Value>,
}

impl DesktopCreate<'_> {
    /// `windows`, `linux` or `darwin` (default: this platform).
    pub fn platform(mut self, platform: &str) -> Self {
        self.body.insert("platform".to_owned(), json!(platform));
        self
    }

    /// Any other field of the model (camelCase, as the server names it).
    pub fn field(mut self, key: &str, value: Value) -> Self {
        self.body.insert(key.to_owned(), value);
        self
    }

    /// Sends it (`201`).
    pub async fn send(self) -> Result<()> {
        check_segment("filename", &self.filename)?;
        if let Some(platform) = self.body.get("platform").and_then(Value::as_str) {
            check_platform(platform)?;
        }
        if !matches!(
            self.body.get("checksumAlgorithm").and_then(Value::as_str),
            Some("md5" | "sha1" | "sha256")
        ) {
            return Err(Error::invalid(
                "`checksum_algorithm` must be md5, sha1 or sha256",
            ));
        }
        let request =
            Request::post(format!("api/desktop/{}", self.desktop.route)).json(&self.body)?;
        self.desktop.client.send_empty(request).await
    }
}
