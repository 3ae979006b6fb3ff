//! The `fields` lists KE-chain trims responses with (pykechain's `API_EXTRA_PARAMS`).

/// Scope fields.
pub(crate) const SCOPE: &str = "id,name,ref,text,created_at,updated_at,start_date,due_date,status,category,progress,members,team,tags,scope_options,team_id_name,workflow_root_id,catalog_root_id,app_root_id,product_model_id,product_instance_id,catalog_model_id,catalog_instance_id,project_info";
