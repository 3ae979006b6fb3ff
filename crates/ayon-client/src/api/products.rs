//! Products: GraphQL listing (every page: the seed fetched one) and lookups, product type
//! names, REST, create/update/delete.

use std::collections::{BTreeMap, BTreeSet};

use super::write::{delete, get_rest};
use super::{EntityWrite, GraphQlList, check_project_name, kinds};
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::Product;
use crate::query::Query;

/// The GraphQL fields of a product unless told otherwise (the reference's defaults).
pub const DEFAULT_PRODUCT_FIELDS: &[&str] = &[
    "id",
    "name",
    "productType",
    "folderId",
    "status",
    "tags",
    "active",
    "data",
    "allAttrib",
];

impl AyonClient {
    /// Products.
    pub fn products(&self) -> Products<'_> {
        Products { client: self }
    }
}

/// The product handler: `client.products()`.
#[derive(Debug, Clone, Copy)]
pub struct Products<'c> {
    client: &'c AyonClient,
}

impl<'c> Products<'c> {
    /// A project's products (`get_products`): GraphQL `ProductsQuery`, every page, active
    /// ones unless [`GraphQlList::active`] says otherwise.
    pub fn list(&self, project: &str) -> GraphQlList<'c, Product> {
        GraphQlList::new(
            self.client,
            Query::project_connection("ProductsQuery", project, "products"),
            "product",
            DEFAULT_PRODUCT_FIELDS,
        )
        .check(check_project_name(project))
        .active(Some(true))
    }

    /// A product by id, active or not (`get_product_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<Option<Product>> {
        self.list(project).active(None).ids([id]).first().await
    }

    /// The product named `name` in a folder (`get_product_by_name`).
    pub async fn get_by_name(
        &self,
        project: &str,
        name: &str,
        folder_id: &str,
    ) -> Result<Option<Product>> {
        self.list(project)
            .active(None)
            .names([name])
            .folder_ids([folder_id])
            .first()
            .await
    }

    /// The product types used by these products, or by the project when `None`
    /// (`get_product_type_names`).
    pub async fn type_names<S: AsRef<str>>(
        &self,
        project: &str,
        product_ids: Option<&[S]>,
    ) -> Result<BTreeSet<String>> {
        match product_ids {
            None => Ok(self
                .client
                .projects()
                .project_product_types(project)
                .await?
                .into_iter()
                .map(|t| t.name)
                .collect()),
            Some(ids) => Ok(self
                .list(project)
                .active(None)
                .fields(["productType"])
                .ids(ids.iter().map(AsRef::as_ref))
                .all()
                .await?
                .into_iter()
                .filter_map(|p| p.product_type)
                .collect()),
        }
    }

    /// A product over REST (`get_rest_product`): `None` when it does not exist.
    pub async fn get_rest(&self, project: &str, id: &str) -> Result<Option<Product>> {
        get_rest::<kinds::Product, _>(self.client, project, id).await
    }

    /// Creates a product (`create_product`) of type `product_type` in a folder.
    pub fn create(
        &self,
        project: &str,
        name: &str,
        product_type: &str,
        folder_id: &str,
    ) -> EntityWrite<'c, kinds::Product> {
        EntityWrite::create(self.client, project)
            .name(name)
            .product_type(product_type)
            .folder_id(folder_id)
    }

    /// Updates a product (`update_product`): only the fields set are sent.
    pub fn update(&self, project: &str, id: &str) -> EntityWrite<'c, kinds::Product> {
        EntityWrite::update(self.client, project, id)
    }

    /// Deletes a product (`delete_product`), its versions included.
    pub async fn delete(&self, project: &str, id: &str) -> Result<()> {
        delete::<kinds::Product>(self.client, project, id, false).await
    }
}

impl EntityWrite<'_, kinds::Product> {
    /// The product type (e.g. `model`).
    pub fn product_type(self, product_type: &str) -> Self {
        self.set("productType", product_type)
    }

    /// The folder.
    pub fn folder_id(self, folder: &str) -> Self {
        self.set_id("folderId", Some(folder))
    }
}

super::common_filters!(Product, "product");

impl GraphQlList<'_, Product> {
    /// Only products with these names.
    pub fn names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.strings("names", "productNames", names)
    }

    /// Only products of these folders.
    pub fn folder_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("folderIds", "folderIds", ids)
    }

    /// Only products of these types.
    pub fn product_types<S: Into<String>>(self, types: impl IntoIterator<Item = S>) -> Self {
        self.strings("productTypes", "productTypes", types)
    }

    /// Only products whose name matches a regular expression (`product_name_regex`).
    pub fn name_regex(self, regex: impl Into<String>) -> Self {
        self.text("nameEx", "productNameRegex", regex)
    }

    /// Only products whose folder path matches a regular expression (`product_path_regex`).
    pub fn path_regex(self, regex: impl Into<String>) -> Self {
        self.text("pathEx", "productPathRegex", regex)
    }

    /// Only these names in these folders (`names_by_folder_ids`): folder id → names, filtered
    /// on the server by folders and names, and on the client by pairs.
    pub fn names_by_folder_ids(self, wanted: BTreeMap<String, Vec<String>>) -> Self {
        let names: BTreeSet<String> = wanted.values().flatten().cloned().collect();
        let list = self
            .folder_ids(wanted.keys().cloned().collect::<Vec<_>>())
            .names(names);
        list.require("folderId").require("name").keep(
            "names_by_folder",
            "folderId",
            move |p: &Product| {
                p.folder_id
                    .as_ref()
                    .and_then(|f| wanted.get(f))
                    .is_some_and(|names| names.contains(&p.name))
            },
        )
    }
}
