//! Bundles: list, create, update, check compatibility, delete.

use platform_client_core::Request;
use serde_json::{Map, Value, json};

use super::check_segment;
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{BundleCompatibility, Bundles as BundleList};

impl AyonClient {
    /// Bundles.
    pub fn bundles(&self) -> Bundles<'_> {
        Bundles { client: self }
    }
}

/// The bundle handler: `client.bundles()`.
#[derive(Debug, Clone, Copy)]
pub struct Bundles<'c> {
    client: &'c AyonClient,
}

impl<'c> Bundles<'c> {
    /// Every bundle, and which are production, staging and dev (`get_bundles`).
    pub async fn list(&self) -> Result<BundleList> {
        self.client.json(Request::get("api/bundles")).await
    }

    /// A new bundle of these addon versions (`create_bundle`): `POST /api/bundles` with
    /// [`BundleWrite::send`], or only asked whether it would work with
    /// [`BundleWrite::check_compatibility`] (`check_bundle_compatibility`).
    pub fn create(
        &self,
        name: &str,
        addons: Map<String, Value>,
        installer_version: Option<&str>,
    ) -> BundleWrite<'c> {
        let mut body = Map::new();
        body.insert("name".to_owned(), json!(name));
        body.insert("installerVersion".to_owned(), json!(installer_version));
        body.insert("addons".to_owned(), Value::Object(addons));
        BundleWrite {
            client: self.client,
            name: name.to_owned(),
            body,
            create: true,
        }
    }

    /// Changes a bundle (`update_bundle`): `PATCH /api/bundles/{name}` with the fields set.
    pub fn update(&self, name: &str) -> BundleWrite<'c> {
        BundleWrite {
            client: self.client,
            name: name.to_owned(),
            body: Map::new(),
            create: false,
        }
    }

    /// Deletes a bundle (`delete_bundle`).
    pub async fn delete(&self, name: &str) -> Result<()> {
        check_segment("bundle_name", name)?;
        self.client
            .send_empty(Request::delete(format!("api/bundles/{name}")))
            .await
    }
}

/// Creates, checks or changes a bundle; see [`Bundles::create`] and [`Bundles::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` or `check_compatibility` is awaited"]
pub struct BundleWrite<'c> {
    client: &'c AyonClient,
    name: String,
    body: Map<String, Value>,
    /// `POST` a new bundle, or `PATCH` an existing one.
    create: bool,
}

impl BundleWrite<'_> {
    fn set(mut self, key: &str, value: Value) -> Self {
        self.body.insert(key.to_owned(), value);
        self
    }

    /// Addon name → version.
    pub fn addons(self, addons: Map<String, Value>) -> Self {
        self.set("addons", Value::Object(addons))
    }

    /// The installer version.
    pub fn installer_version(self, version: &str) -> Self {
        self.set("installerVersion", json!(version))
    }

    /// Platform → dependency package file name.
    pub fn dependency_packages(self, packages: Map<String, Value>) -> Self {
        self.set("dependencyPackages", Value::Object(packages))
    }

    /// Whether it is the production bundle.
    pub fn production(self, on: bool) -> Self {
        self.set("isProduction", json!(on))
    }

    /// Whether it is the staging bundle.
    pub fn staging(self, on: bool) -> Self {
        self.set("isStaging", json!(on))
    }

    /// Whether it is archived.
    pub fn archived(self, on: bool) -> Self {
        self.set("isArchived", json!(on))
    }

    /// Whether it is a dev bundle.
    pub fn dev(self, on: bool) -> Self {
        self.set("isDev", json!(on))
    }

    /// The user a dev bundle is active for.
    pub fn dev_active_user(self, user: &str) -> Self {
        self.set("activeUser", json!(user))
    }

    /// Dev addon settings: addon name → `{enabled, path}`.
    pub fn dev_addons_config(self, config: Map<String, Value>) -> Self {
        self.set("addonDevelopment", Value::Object(config))
    }

    /// Creates the bundle (`201`), or sends the change (`204`).
    pub async fn send(self) -> Result<()> {
        check_segment("bundle_name", &self.name)?;
        let request = if self.create {
            Request::post("api/bundles")
        } else if self.body.is_empty() {
            return Err(Error::invalid("nothing to update"));
        } else {
            Request::patch(format!("api/bundles/{}", self.name))
        };
        self.client.send_empty(request.json(&self.body)?).await
    }

    /// Asks whether the new bundle would work (nothing is created).
    pub async fn check_compatibility(self) -> Result<BundleCompatibility> {
        check_segment("bundle_name", &self.name)?;
        if !self.create {
            return Err(Error::invalid(
                "only a new bundle is checked for compatibility",
            ));
        }
        let request = Request::post("api/bundles/check")
            .json(&self.body)?
            .retry_safe(true);
        self.client.json(request).await
    }
}
