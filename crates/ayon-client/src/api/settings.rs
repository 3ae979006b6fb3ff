//! Addon settings: schemas, studio/project/site settings of one addon, and the settings of
//! every addon of a bundle (the production bundle by default).

use platform_client_core::Request;
use serde_json::{Map, Value};

use super::{check_project_name, check_segment, check_text};
use crate::client::AyonClient;
use crate::error::{Error, Result};

impl AyonClient {
    /// Addon settings.
    pub fn settings(&self) -> Settings<'_> {
        Settings { client: self }
    }
}

/// The settings handler: `client.settings()`.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'c> {
    client: &'c AyonClient,
}

/// Which settings: variant (default: the client's), site (default: the client's; `use_site`
/// false leaves it out).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct SettingsQuery<'c> {
    client: &'c AyonClient,
    path: std::result::Result<String, String>,
    /// `(variant key, site key)` as this route names them.
    keys: (&'static str, &'static str),
    project: Option<(&'static str, String)>,
    bundle: Option<String>,
    variant: Option<String>,
    site_id: Option<String>,
    use_site: bool,
    /// Only the settings of each addon (`only_values`), for bundle settings.
    only_values: bool,
}

impl<'c> SettingsQuery<'c> {
    fn new(
        client: &'c AyonClient,
        path: Result<String>,
        keys: (&'static str, &'static str),
    ) -> Self {
        SettingsQuery {
            client,
            path: path.map_err(|e| e.to_string()),
            keys,
            project: None,
            bundle: None,
            variant: None,
            site_id: None,
            use_site: true,
            only_values: true,
        }
    }

    /// The variant: `production`, `staging`, or a dev bundle's name.
    pub fn variant(mut self, variant: &str) -> Self {
        self.variant = Some(variant.to_owned());
        self
    }

    /// The site (default: the client's site id).
    pub fn site_id(mut self, site_id: &str) -> Self {
        self.site_id = Some(site_id.to_owned());
        self
    }

    /// Without any site's overrides (`use_site=False`).
    pub fn without_site(mut self) -> Self {
        self.use_site = false;
        self
    }

    /// The bundle (bundle settings; default: the production bundle).
    pub fn bundle(mut self, bundle: &str) -> Self {
        self.bundle = Some(bundle.to_owned());
        self
    }

    /// The whole answer of each addon (`only_values=False`), for bundle settings.
    pub fn with_details(mut self) -> Self {
        self.only_values = false;
        self
    }

    fn request(&self) -> Result<Request> {
        let path = self.path.clone().map_err(Error::invalid)?;
        let mut request = Request::get(path);
        if let Some((key, project)) = &self.project {
            check_project_name(project)?;
            request = request.query(*key, project);
        }
        if let Some(bundle) = &self.bundle {
            check_text("bundle_name", bundle)?;
            request = request.query("bundle_name", bundle);
        }
        let variant = self
            .variant
            .clone()
            .unwrap_or_else(|| self.client.default_settings_variant().to_owned());
        check_text("variant", &variant)?;
        request = request.query(self.keys.0, variant);
        let site = self
            .site_id
            .clone()
            .or_else(|| self.client.site_id().map(str::to_owned));
        if let (true, Some(site)) = (self.use_site && !self.keys.1.is_empty(), site) {
            check_text("site_id", &site)?;
            request = request.query(self.keys.1, site);
        }
        Ok(request)
    }

    /// The settings (`{}` when the server has none).
    pub async fn send(self) -> Result<Map<String, Value>> {
        let request = self.request()?;
        let answer: Value = self.client.json(request).await?;
        if self.path.as_deref() != Ok("api/settings") {
            return Ok(answer.as_object().cloned().unwrap_or_default());
        }
        if !self.only_values {
            return Ok(answer.as_object().cloned().unwrap_or_default());
        }
        // Bundle settings: addon name → its settings.
        let addons = answer
            .get("addons")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        Ok(addons
            .into_iter()
            .filter_map(|addon| {
                let name = addon.get("name")?.as_str()?.to_owned();
                Some((name, addon.get("settings").cloned().unwrap_or(Value::Null)))
            })
            .collect())
    }
}

fn addon_path(name: &str, version: &str, rest: &str) -> Result<String> {
    check_segment("addon_name", name)?;
    check_segment("addon_version", version)?;
    Ok(format!("api/addons/{name}/{version}{rest}"))
}

impl<'c> Settings<'c> {
    /// An addon's settings schema, of a project when given (`get_addon_settings_schema`).
    pub async fn addon_schema(
        &self,
        name: &str,
        version: &str,
        project: Option<&str>,
    ) -> Result<Value> {
        let rest = match project {
            Some(p) => {
                check_project_name(p)?;
                format!("/schema/{p}")
            }
            None => "/schema".to_owned(),
        };
        self.client
            .json(Request::get(addon_path(name, version, &rest)?))
            .await
    }

    /// An addon's site settings schema (`get_addon_site_settings_schema`).
    pub async fn addon_site_schema(&self, name: &str, version: &str) -> Result<Value> {
        self.client
            .json(Request::get(addon_path(
                name,
                version,
                "/siteSettings/schema",
            )?))
            .await
    }

    /// An addon's studio settings (`get_addon_studio_settings`).
    pub fn addon_studio(&self, name: &str, version: &str) -> SettingsQuery<'c> {
        SettingsQuery::new(
            self.client,
            addon_path(name, version, "/settings"),
            ("variant", ""),
        )
    }

    /// An addon's project settings, with the site's overrides (`get_addon_project_settings`).
    pub fn addon_project(&self, name: &str, version: &str, project: &str) -> SettingsQuery<'c> {
        let path = check_project_name(project)
            .and_then(|()| addon_path(name, version, &format!("/settings/{project}")));
        SettingsQuery::new(self.client, path, ("variant", "site"))
    }

    /// An addon's settings: the project's when given, else the studio's (`get_addon_settings`).
    pub fn addon(&self, name: &str, version: &str, project: Option<&str>) -> SettingsQuery<'c> {
        match project {
            Some(p) => self.addon_project(name, version, p),
            None => self.addon_studio(name, version),
        }
    }

    /// An addon's site settings (`get_addon_site_settings`); `{}` without a site, nothing
    /// sent.
    pub async fn addon_site(
        &self,
        name: &str,
        version: &str,
        site_id: Option<&str>,
    ) -> Result<Map<String, Value>> {
        let path = addon_path(name, version, "/siteSettings")?;
        let Some(site) = site_id.or(self.client.site_id()) else {
            return Ok(Map::new());
        };
        check_text("site_id", site)?;
        let answer: Value = self
            .client
            .json(Request::get(path).query("site", site))
            .await?;
        Ok(answer.as_object().cloned().unwrap_or_default())
    }

    /// The settings of every addon of a bundle (`get_bundle_settings`, with
    /// [`SettingsQuery::with_details`]; `get_addons_studio_settings` /
    /// `get_addons_project_settings` / `get_addons_settings` without): `GET /api/settings`.
    /// A server without a production bundle answers 404 "Bundle not found": that is
    /// [`Error::NotFound`].
    pub fn bundle(&self, project: Option<&str>) -> SettingsQuery<'c> {
        let mut query = SettingsQuery::new(
            self.client,
            Ok("api/settings".to_owned()),
            ("variant", "site_id"),
        );
        query.project = project.map(|p| ("project_name", p.to_owned()));
        query
    }
}
