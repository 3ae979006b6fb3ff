//! Services and service executions: list, one, get, create (with the script upload), upload,
//! delete.

use std::path::Path;

use platform_client_core::{Part, Request};
use serde::Serialize;

use super::List;
use super::{check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{
    EnvironmentVersion, Service, ServiceExecution, ServiceScriptUser, ServiceType,
};

const LIST: &str = "api/services.json";
const EXECUTIONS: &str = "api/service_executions.json";
/// pykechain's `API_EXTRA_PARAMS["services"]` (the server ignores it and answers in full).
const FIELDS: &str = "id,name,ref,created_at,updated_at,script_version,script_type,script_file_name,description,env_version,scope,run_as,trusted,verified_on,verification_results";

impl KechainClient {
    /// Services (scripts run by KE-chain).
    pub fn services(&self) -> Services<'_> {
        Services { client: self }
    }

    /// Service executions (runs of services).
    pub fn service_executions(&self) -> ServiceExecutions<'_> {
        ServiceExecutions { client: self }
    }
}

/// The service handler: `client.services()`.
#[derive(Debug, Clone, Copy)]
pub struct Services<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Services<'c> {
    /// Lists services.
    pub fn list(&self) -> List<'c, Service> {
        // pykechain's order: name, id, scope (not scope_id), fields, then the extra filters.
        List::new(self.client, LIST, "service").with(|l| {
            l.layout(&["name", "id", "scope", "fields", "script_type", "*"])
                .param("fields", FIELDS)
        })
    }

    /// The service with this id.
    pub async fn get(&self, id: &str) -> Result<Service> {
        self.list().id(id).one().await
    }

    /// Creates a service named `name` in the scope `scope_id` (optionally uploading its script).
    pub fn create(
        &self,
        name: impl Into<String>,
        scope_id: impl Into<String>,
    ) -> CreateService<'c> {
        CreateService {
            client: self.client,
            name: name.into(),
            scope: scope_id.into(),
            description: None,
            version: None,
            service_type: ServiceType::PythonScript,
            environment: EnvironmentVersion::Python3_12,
            run_as: ServiceScriptUser::Kenode,
            script: None,
        }
    }

    /// Uploads a script (or `kecpkg`) to a service, as the multipart field `attachment`.
    pub async fn upload(
        &self,
        id: &str,
        file_name: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> Result<Service> {
        check_uuid("service id", id)?;
        let script = Script::Bytes {
            file_name: file_name.into(),
            content: content.into(),
        };
        let (file_name, content) = script.load()?;
        upload(self.client, id, file_name, content).await
    }

    /// Uploads the file at `path` to a service (the file name is kept).
    pub async fn upload_path(&self, id: &str, path: impl AsRef<Path>) -> Result<Service> {
        check_uuid("service id", id)?;
        let (file_name, content) = Script::Path(path.as_ref().to_owned()).load()?;
        upload(self.client, id, file_name, content).await
    }

    /// Deletes a service.
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("service id", id)?;
        let request = Request::delete(format!("api/services/{id}.json"));
        self.client.http.send(request).await?;
        Ok(())
    }
}

async fn upload(
    client: &KechainClient,
    id: &str,
    file_name: String,
    content: Vec<u8>,
) -> Result<Service> {
    // Like python-requests' `files={"attachment": (name, file)}`: a file name, no part type.
    let part = Part {
        name: "attachment".to_owned(),
        filename: Some(file_name),
        content_type: None,
        data: content.into(),
    };
    let request = Request::post(format!("api/services/{id}/upload")).multipart(vec![part]);
    first_result(client, request, "the uploaded service").await
}

lookup_filters!(Service, "service", "services");

/// The filters of [`Services::list`].
impl List<'_, Service> {
    /// Only services of the scope with this id.
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope", "scope id", scope_id)
    }

    /// Only services of this type.
    pub fn script_type(self, service_type: ServiceType) -> Self {
        self.with(|l| l.param("script_type", service_type))
    }
}

/// Where the script of [`CreateService::script`] comes from.
#[derive(Debug, Clone)]
enum Script {
    Bytes { file_name: String, content: Vec<u8> },
    Path(std::path::PathBuf),
}

impl Script {
    /// The file name and content, read (for a path) before anything is sent.
    fn load(self) -> Result<(String, Vec<u8>)> {
        match self {
            Script::Bytes { file_name, content } => {
                check_name("the script file name", &file_name)?;
                if file_name.contains(['/', '\\', '"', '\r', '\n']) {
                    return Err(Error::invalid(format!(
                        "the script file name `{file_name}` must be a bare file name"
                    )));
                }
                Ok((file_name, content))
            }
            Script::Path(path) => {
                let file_name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .ok_or_else(|| {
                        Error::invalid(format!("`{}` does not name a file", path.display()))
                    })?
                    .to_owned();
                let content = std::fs::read(&path).map_err(|e| {
                    Error::invalid(format!("cannot read the script `{}`: {e}", path.display()))
                })?;
                Script::Bytes { file_name, content }.load()
            }
        }
    }
}

/// A service creation; see [`Services::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateService<'c> {
    client: &'c KechainClient,
    name: String,
    scope: String,
    description: Option<String>,
    version: Option<String>,
    service_type: ServiceType,
    environment: EnvironmentVersion,
    run_as: ServiceScriptUser,
    script: Option<Script>,
}

#[derive(Serialize)]
struct ServiceBody<'a> {
    name: &'a str,
    scope: &'a str,
    description: &'a str,
    script_type: &'a ServiceType,
    script_version: &'a str,
    env_version: &'a EnvironmentVersion,
    run_as: &'a ServiceScriptUser,
}

impl CreateService<'_> {
    /// Description (default empty).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Script version (default `1.0`).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Script type (default [`ServiceType::PythonScript`]).
    pub fn service_type(mut self, service_type: ServiceType) -> Self {
        self.service_type = service_type;
        self
    }

    /// Python environment (default [`EnvironmentVersion::Python3_12`], pykechain 4.16's default).
    pub fn environment(mut self, version: EnvironmentVersion) -> Self {
        self.environment = version;
        self
    }

    /// The account the script runs as (default [`ServiceScriptUser::Kenode`]).
    pub fn run_as(mut self, user: ServiceScriptUser) -> Self {
        self.run_as = user;
        self
    }

    /// Uploads this script (file name and content) right after creating the service.
    pub fn script(mut self, file_name: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        self.script = Some(Script::Bytes {
            file_name: file_name.into(),
            content: content.into(),
        });
        self
    }

    /// Uploads the file at `path` right after creating the service. The file is read before
    /// anything is sent, so an unreadable path creates nothing.
    pub fn script_path(mut self, path: impl AsRef<Path>) -> Self {
        self.script = Some(Script::Path(path.as_ref().to_owned()));
        self
    }

    /// Creates the service (`POST api/services.json`, 201), then uploads the script if one was
    /// given (`POST api/services/{id}/upload`, 202) and returns the service as uploaded.
    /// When the upload fails, the created service stays (as with pykechain) and the upload's
    /// error is returned.
    pub async fn send(self) -> Result<Service> {
        check_name("the service name", &self.name)?;
        check_uuid("scope id", &self.scope)?;
        if let Some(version) = &self.version {
            check_name("the service version", version)?;
        }
        for (what, value) in [
            ("service type", self.service_type.as_str()),
            ("environment version", self.environment.as_str()),
            ("run-as user", self.run_as.as_str()),
        ] {
            if value.trim().is_empty() {
                return Err(Error::invalid(format!("the {what} must not be empty")));
            }
        }
        let script = self.script.clone().map(Script::load).transpose()?;
        let body = ServiceBody {
            name: &self.name,
            scope: &self.scope,
            description: self.description.as_deref().unwrap_or_default(),
            script_type: &self.service_type,
            script_version: self.version.as_deref().unwrap_or("1.0"),
            env_version: &self.environment,
            run_as: &self.run_as,
        };
        let request = Request::post(LIST).json(&body)?;
        let service: Service = first_result(self.client, request, "the created service").await?;
        match script {
            Some((file_name, content)) => {
                upload(self.client, &service.id, file_name, content).await
            }
            None => Ok(service),
        }
    }
}

/// The service execution handler: `client.service_executions()`.
#[derive(Debug, Clone, Copy)]
pub struct ServiceExecutions<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> ServiceExecutions<'c> {
    /// Lists service executions.
    pub fn list(&self) -> List<'c, ServiceExecution> {
        // pykechain's order: name, id, service, scope, then the extra filters; no `fields`.
        List::new(self.client, EXECUTIONS, "service execution")
            .with(|l| l.layout(&["name", "id", "service", "scope", "*"]))
    }

    /// The execution with this id.
    pub async fn get(&self, id: &str) -> Result<ServiceExecution> {
        self.list().id(id).one().await
    }
}

lookup_filters!(ServiceExecution, "service execution", "service executions");

/// The filters of [`ServiceExecutions::list`].
impl List<'_, ServiceExecution> {
    /// Only executions of the service with this id.
    pub fn service(self, service_id: impl Into<String>) -> Self {
        self.uuid("service", "service id", service_id)
    }

    /// Only executions in the scope with this id.
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope", "scope id", scope_id)
    }
}
