//! Forms driven through recorded KE-chain traffic (the `TestForms` fixture: a catalog workflow,
//! two contexts, two form models and an instance).

mod common;

use kechain_client::KechainClient;
use kechain_client::models::{Form, FormCategory, WorkflowCategory};

const BIKE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const OBJECT_1: &str = "a7072ec7-7612-43b8-85af-e399813ac839";

/// The `TestForms.setUp` calls: the bodies must equal the recorded ones. pykechain's tests pass
/// `category=MODEL`, which it sends in the query.
async fn two_form_models(kc: &KechainClient) -> (Form, Form) {
    let bike = kc.scopes().list().name("Bike Project").one().await.unwrap();
    let workflow = kc
        .workflows()
        .list()
        .name("Simple Form Flow")
        .category(WorkflowCategory::Catalog)
        .one()
        .await
        .unwrap();
    let context = |name: &'static str| {
        let bike = bike.id.clone();
        async move {
            kc.contexts()
                .list()
                .scope(bike)
                .name(name)
                .one()
                .await
                .unwrap()
        }
    };
    let discipline = context("Discipline 1").await;
    let object = context("Object 1").await;
    let model = kc
        .forms()
        .create_model("__TEST__FORM_MODEL", &bike.id, &workflow.id)
        .contexts([&object.id, &discipline.id])
        .query("category", "MODEL")
        .send()
        .await
        .unwrap();
    let model_2 = kc
        .forms()
        .create_model("__TEST__FORM_MODEL_2", &bike.id, &workflow.id)
        .contexts([&object.id])
        .query("category", "MODEL")
        .send()
        .await
        .unwrap();
    for m in [&model, &model_2] {
        assert_eq!(m.category, Some(FormCategory::Model));
        assert_eq!(m.scope_id.as_deref(), Some(BIKE));
        assert_eq!(
            m.workflow.as_ref().map(|w| w.id.as_str()),
            Some(workflow.id.as_str())
        );
    }
    assert_eq!(model.contexts.len(), 2);
    (model, model_2)
}

#[tokio::test]
async fn create_form_models_and_instantiate_one() {
    let Some((replay, kc)) = common::replay("TestForms.test_create").await else {
        return;
    };
    let (model, _) = two_form_models(&kc).await;
    assert_eq!(model.id, "e6e1ef28-81e0-49f9-affd-9a5591880390");
    assert!(model.model.is_none() && model.form_instance_root.is_none());
    let instance = kc
        .forms()
        .instantiate(&model)
        .name("__TEST_FORM_INSTANCE")
        .send()
        .await
        .unwrap();
    assert!(instance.is_instance());
    assert_eq!(instance.name, "__TEST_FORM_INSTANCE");
    assert_eq!(instance.model.as_deref(), Some(model.id.as_str()));
    assert_eq!(instance.form_model_root, model.form_model_root);
    assert!(instance.form_instance_root.is_some());
    assert_eq!(instance.status_forms.len(), model.status_forms.len());
    // An instance cannot be instantiated: refused before sending.
    let err = kc.forms().instantiate(&instance).send().await.unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn instantiate_a_model_twice() {
    let Some((replay, kc)) =
        common::replay("TestForms.test_model_form_instantiation_from_client").await
    else {
        return;
    };
    let (model, _) = two_form_models(&kc).await;
    for name in ["__TEST_FORM_INSTANCE", "___TEST_FORM_INSTANCE"] {
        let instance = kc
            .forms()
            .instantiate(&model)
            .name(name)
            .send()
            .await
            .unwrap();
        assert_eq!(instance.name, name);
        assert_eq!(instance.category, Some(FormCategory::Instance));
        assert_eq!(instance.description.as_deref(), Some(""));
    }
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_form_by_name_in_a_scope() {
    let Some((replay, kc)) =
        common::replay("TestForms.test_form_retrieve_by_name_from_scope").await
    else {
        return;
    };
    let (model, _) = two_form_models(&kc).await;
    kc.forms()
        .instantiate(&model)
        .name("__TEST_FORM_INSTANCE")
        .send()
        .await
        .unwrap();
    let found = kc
        .forms()
        .list()
        .name("__TEST__FORM_MODEL")
        .scope(BIKE)
        .one()
        .await
        .unwrap();
    assert_eq!(found.id, model.id);
    assert!(found.is_model());
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn forms_linked_to_a_context() {
    let Some((replay, kc)) =
        common::replay("TestForms.test_forms_retrieve_by_context_from_scope").await
    else {
        return;
    };
    let (model, model_2) = two_form_models(&kc).await;
    kc.forms()
        .instantiate(&model)
        .name("__TEST_FORM_INSTANCE")
        .send()
        .await
        .unwrap();
    let linked = kc
        .forms()
        .list()
        .scope(BIKE)
        .contexts([OBJECT_1])
        .all()
        .await
        .unwrap();
    let mut ids: Vec<_> = linked.iter().map(|f| f.id.as_str()).collect();
    ids.sort_unstable();
    let mut expected = [model.id.as_str(), model_2.id.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    assert!(
        linked
            .iter()
            .all(|f| f.contexts.iter().any(|c| c.id == OBJECT_1))
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn forms_by_a_list_of_ids() {
    let Some((replay, kc)) = common::replay("TestFormsBulk.test_bulk_instantiate_forms").await
    else {
        return;
    };
    let ids = "a6713a01-627c-4fa9-9140-b9dd3e60017d,9dcbdcb3-314f-4feb-9ec0-1cb9cfe9eb91,bd070a66-2dba-4e7b-962e-0342da93c3d6,954b4d49-9465-434b-803f-b733c9480c21";
    let forms = kc.forms().list().filter("id__in", ids).all().await.unwrap();
    let names: Vec<_> = forms.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Form 1", "Form 2", "Form 3", "Form 4"]);
    assert!(
        forms.iter().all(|f| f.is_instance()
            && f.model.as_deref() == Some("c9eb89c6-d31a-4e9c-96dc-8ee048851f06"))
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_form_by_name_from_another_fixture() {
    let Some((replay, kc)) =
        common::replay("TestPropertyCreation.test_creation_of_all_property_model_types").await
    else {
        return;
    };
    let form = kc
        .forms()
        .list()
        .name("Test")
        .scope(BIKE)
        .one()
        .await
        .unwrap();
    assert_eq!(form.name, "Test");
    assert!(form.category.is_some());
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
