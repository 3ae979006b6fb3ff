//! The provenance API (`ProvClient`): lodging model runs (one, a batch, an update), exploring
//! lineage, the CSV bulk workflow, and study reports.

use platform_client_core::{HttpClient, Part, Request};
use serde_json::json;

use super::{check_handle, check_id, check_text, datastore::health, json_body};
use crate::client::{ProvenaClient, send_json, send_status};
use crate::config::Service;
use crate::error::{Error, Result};
use crate::models::{
    ConvertModelRunsResponse, HealthCheck, ItemSubType, LineageResponse, ModelRunRecord,
    RegisterResponse, Report,
};

impl ProvenaClient {
    /// The provenance API.
    pub fn prov(&self) -> Prov {
        Prov {
            http: self.http(Service::Prov).clone(),
        }
    }
}

/// The provenance handler: `provena.prov()`.
#[derive(Debug, Clone)]
pub struct Prov {
    http: HttpClient,
}

/// The deepest lineage query the server answers.
pub const MAX_DEPTH: u32 = 10;

/// `?starting_id&depth` for a lineage query; depth 1 to [`MAX_DEPTH`].
fn lineage(path: &'static str, starting_id: &str, depth: u32) -> Result<Request> {
    check_handle("starting_id", starting_id)?;
    if !(1..=MAX_DEPTH).contains(&depth) {
        return Err(Error::invalid(format!(
            "`depth` must be between 1 and {MAX_DEPTH}, not {depth}"
        )));
    }
    Ok(Request::get(path)
        .query("starting_id", starting_id)
        .query("depth", depth))
}

impl Prov {
    /// `get_health_check`: `GET /`.
    pub async fn health_check(&self) -> Result<HealthCheck> {
        health(&self.http).await
    }

    /// `post_update_model_run`: replaces a model run's record; the id of the job lodging it.
    pub async fn update_model_run(
        &self,
        model_run_id: &str,
        reason: &str,
        record: &ModelRunRecord,
    ) -> Result<String> {
        check_handle("model_run_id", model_run_id)?;
        check_text("reason", reason)?;
        #[derive(serde::Deserialize)]
        struct Answer {
            session_id: String,
        }
        let body = json!({"model_run_id": model_run_id, "reason": reason, "record": record});
        let answer: Answer = send_json(
            &self.http,
            json_body(Request::post("/model_run/update"), &body)?,
        )
        .await?;
        Ok(answer.session_id)
    }

    async fn explore(
        &self,
        path: &'static str,
        starting_id: &str,
        depth: u32,
    ) -> Result<LineageResponse> {
        send_status(&self.http, lineage(path, starting_id, depth)?).await
    }

    /// `explore_upstream`: what an item comes from, `depth` hops up.
    pub async fn explore_upstream(&self, starting_id: &str, depth: u32) -> Result<LineageResponse> {
        self.explore("/explore/upstream", starting_id, depth).await
    }

    /// `explore_downstream`: what comes from an item, `depth` hops down.
    pub async fn explore_downstream(
        &self,
        starting_id: &str,
        depth: u32,
    ) -> Result<LineageResponse> {
        self.explore("/explore/downstream", starting_id, depth)
            .await
    }

    /// `get_contributing_datasets`: the datasets upstream.
    pub async fn contributing_datasets(
        &self,
        starting_id: &str,
        depth: u32,
    ) -> Result<LineageResponse> {
        self.explore("/explore/special/contributing_datasets", starting_id, depth)
            .await
    }

    /// `get_effected_datasets`: the datasets downstream.
    pub async fn effected_datasets(
        &self,
        starting_id: &str,
        depth: u32,
    ) -> Result<LineageResponse> {
        self.explore("/explore/special/effected_datasets", starting_id, depth)
            .await
    }

    /// `get_contributing_agents`: the people and organisations upstream.
    pub async fn contributing_agents(
        &self,
        starting_id: &str,
        depth: u32,
    ) -> Result<LineageResponse> {
        self.explore("/explore/special/contributing_agents", starting_id, depth)
            .await
    }

    /// `get_effected_agents`: the people and organisations downstream.
    pub async fn effected_agents(&self, starting_id: &str, depth: u32) -> Result<LineageResponse> {
        self.explore("/explore/special/effected_agents", starting_id, depth)
            .await
    }

    /// `register_batch_model_runs`: lodges several model runs in one job (status-checked;
    /// the reference only checked HTTP).
    pub async fn register_batch_model_runs(
        &self,
        records: &[ModelRunRecord],
    ) -> Result<RegisterResponse> {
        if records.is_empty() {
            return Err(Error::invalid("no model run to register"));
        }
        let body = json!({"records": records});
        send_status(
            &self.http,
            json_body(Request::post("/model_run/register_batch"), &body)?,
        )
        .await
    }

    /// `register_model_run`: lodges a model run; the job doing it in `session_id`.
    pub async fn register_model_run(&self, record: &ModelRunRecord) -> Result<RegisterResponse> {
        send_status(
            &self.http,
            json_body(Request::post("/model_run/register"), record)?,
        )
        .await
    }

    /// `generate_csv_template`: the CSV template of a model run workflow template (its text;
    /// write it where you like).
    pub async fn generate_csv_template(&self, workflow_template_id: &str) -> Result<String> {
        check_handle("workflow_template_id", workflow_template_id)?;
        let request = Request::get("/bulk/generate_template/csv")
            .query("workflow_template_id", workflow_template_id);
        Ok(self.http.send(request).await?.text())
    }

    /// `convert_model_runs_to_csv`: parses a filled-in CSV into model run records
    /// (multipart field `csv_file`, file `upload.csv`, `text/csv`).
    pub async fn convert_model_runs_csv(&self, csv: &str) -> Result<ConvertModelRunsResponse> {
        check_text("csv", csv)?;
        let part = Part::file(
            "csv_file",
            "upload.csv",
            "text/csv",
            csv.as_bytes().to_vec(),
        );
        let request = Request::post("/bulk/convert_model_runs/csv").multipart(vec![part]);
        send_status(&self.http, request).await
    }

    /// `regenerate_csv_from_model_run_batch`: the CSV of a lodged batch.
    pub async fn regenerate_csv_from_batch(&self, batch_id: &str) -> Result<String> {
        check_id("batch_id", batch_id)?;
        let request = Request::get("/bulk/regenerate_from_batch/csv").query("batch_id", batch_id);
        Ok(self.http.send(request).await?.text())
    }

    /// `generate_report`: a study close-out report of an item, `depth` 1 to 3: the `.docx`
    /// bytes, or on newer servers (which answer JSON) the job producing it.
    pub async fn generate_report(
        &self,
        id: &str,
        subtype: ItemSubType,
        depth: u32,
    ) -> Result<Report> {
        check_handle("id", id)?;
        if !(1..=3).contains(&depth) {
            return Err(Error::invalid(format!(
                "`depth` must be between 1 and 3, not {depth}"
            )));
        }
        if let ItemSubType::Unknown(other) = &subtype {
            return Err(Error::invalid(format!("unknown subtype {other:?}")));
        }
        let body = json!({"id": id, "item_subtype": subtype, "depth": depth});
        let request = json_body(Request::post("/explore/generate/report"), &body)?.header(
            "accept",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )?;
        let response = self.http.send(request).await?;
        let json = response
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json"));
        if json {
            #[derive(serde::Deserialize)]
            struct Answer {
                session_id: String,
            }
            let answer: Answer = response.json()?;
            return Ok(Report::Job {
                session_id: answer.session_id,
            });
        }
        Ok(Report::Document(response.into_bytes().to_vec()))
    }
}
