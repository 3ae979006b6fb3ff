//! Properties driven through recorded KE-chain traffic.

mod common;

use kechain_client::Error;
use kechain_client::models::{
    Multiplicity, PartCategory, PropertyType, PropertyUpdate, PropertyValue,
};
use serde_json::{Value, json};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const BIKE: &str = "96e4986d-3989-473e-9d70-8d71824d1818";
const BIKE_MODEL: &str = "e4a047a6-4a00-41a6-bae4-732ac2f639de";

#[tokio::test]
async fn create_a_property_then_list_instance_properties() {
    for (cassette, name) in [
        ("TestProperties.test_retrieve_properties", "Diameter"),
        ("TestProperties.test_get_property_by_name", "Gears"),
    ] {
        let Some((replay, kc)) = common::replay(cassette).await else {
            return;
        };
        let bike = kc
            .models()
            .list()
            .name("Bike")
            .scope(SCOPE)
            .one()
            .await
            .unwrap();
        let created = kc
            .properties()
            .create(&bike, "__Test property")
            .description("description of the property")
            .property_type(PropertyType::Int)
            .default_value(42)
            .unit("unit of the property")
            .send()
            .await
            .unwrap();
        assert!(created.is_model());
        assert_eq!(created.typed_value(), PropertyValue::Int(42));
        let instances = kc.parts().list().model(&bike).all().await.unwrap();
        assert_eq!(instances[0].id, BIKE);
        let found = kc
            .properties()
            .list()
            .name(name)
            .scope(SCOPE)
            .all()
            .await
            .unwrap();
        assert!(!found.is_empty() && found.iter().all(|p| p.name == name && !p.is_model()));
        kc.properties().delete(&created.id).await.unwrap();
        assert!(
            replay.unmatched().is_empty(),
            "{cassette}: {:?}",
            replay.unmatched()
        );
    }
}

#[tokio::test]
async fn the_properties_of_one_part() {
    let Some((replay, kc)) =
        common::replay("TestProperties.test_retrieve_properties_with_kwargs").await
    else {
        return;
    };
    let properties = kc.properties().list().part(BIKE).all().await.unwrap();
    let names: Vec<_> = properties.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"Gears") && names.contains(&"Sale?"),
        "{names:?}"
    );
    let gears = properties.iter().find(|p| p.name == "Gears").unwrap();
    assert_eq!(gears.typed_value(), PropertyValue::Int(389));
    assert!(
        properties
            .iter()
            .all(|p| p.part_id.as_deref() == Some(BIKE))
    );
    assert_eq!(
        kc.parts().get(BIKE).await.unwrap().properties.len(),
        properties.len()
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_property_by_ref_name_and_id() {
    let Some((replay, kc)) =
        common::replay("TestProperties.test_retrieve_properties_with_refs").await
    else {
        return;
    };
    let instance = kc
        .properties()
        .list()
        .scope(SCOPE)
        .filter("ref", "dual-pad")
        .one()
        .await
        .unwrap();
    let model = kc
        .properties()
        .list()
        .category(PartCategory::Model)
        .scope(SCOPE)
        .filter("ref", "dual-pad")
        .one()
        .await
        .unwrap();
    assert_eq!(instance.name, "Dual Pad?");
    assert_eq!(
        (instance.typed_value(), model.typed_value()),
        (PropertyValue::Bool(true), PropertyValue::Null)
    );
    assert!(model.is_model() && !instance.is_model());
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestProperties.test_retrieve_property").await else {
        return;
    };
    let cheap = kc
        .properties()
        .list()
        .name("Cheap?")
        .category(PartCategory::Model)
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    assert_eq!(cheap.property_type, Some(PropertyType::Boolean));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn a_deleted_property_is_not_found() {
    let Some((replay, kc)) = common::replay("TestProperties.test_move_property_instance").await
    else {
        return;
    };
    let id = "310974d9-5159-4213-afb6-5fc88cc19e7c";
    let property = kc.properties().get(id).await.unwrap();
    assert_eq!(property.name, "__Test property");
    kc.properties().delete(id).await.unwrap();
    let err = kc.properties().get(id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
#[allow(clippy::approx_constant)] // 3.1415 is the recorded value, not an approximation of pi
async fn create_a_property_of_every_type() {
    let Some((replay, kc)) =
        common::replay("TestPropertyCreation.test_creation_of_all_property_model_types").await
    else {
        return;
    };
    let product = kc
        .models()
        .list()
        .name("Product")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let model = kc
        .parts()
        .create_model(&product, "__Test model")
        .multiplicity(Multiplicity::One)
        .send()
        .await
        .unwrap();
    let contexts = [
        "b98428ea-cb92-497b-b450-ec1c2dd0c3b3",
        "a7072ec7-7612-43b8-85af-e399813ac839",
        "4bb564a0-ad58-4647-a322-312cbd4a78de",
    ];
    let cases: [(PropertyType, Value); 22] = [
        (PropertyType::Char, json!("string")),
        (PropertyType::Text, json!("text")),
        (PropertyType::Boolean, json!(true)),
        (PropertyType::Int, json!(0)),
        (PropertyType::Float, json!(3.1415)),
        (PropertyType::DateTime, json!("2023-04-13T12:01:42.667960")),
        (PropertyType::Date, json!("2023-04-13")),
        (PropertyType::Time, json!("17:45:13")),
        (PropertyType::Attachment, Value::Null),
        (PropertyType::Link, json!("https://google.com")),
        (PropertyType::SingleSelect, Value::Null),
        (PropertyType::MultiSelect, Value::Null),
        (PropertyType::References, Value::Null),
        (
            PropertyType::ActivityReferences,
            json!(["8d205857-0e30-4dae-b962-b3a67f14b8e9"]),
        ),
        (PropertyType::ScopeReferences, json!([SCOPE])),
        (
            PropertyType::FormReferences,
            json!(["36831fcf-67dd-405a-9402-04211c790448"]),
        ),
        (PropertyType::ContextReferences, json!(contexts)),
        (PropertyType::StoredFileReferences, Value::Null),
        (PropertyType::StatusReferences, Value::Null),
        (PropertyType::UserReferences, Value::Null),
        (PropertyType::GeoJson, Value::Null),
        (PropertyType::Weather, Value::Null),
    ];
    for (property_type, default) in cases {
        let mut create = kc
            .properties()
            .create(&model, property_type.as_str())
            .property_type(property_type.clone());
        if !default.is_null() {
            create = create.default_value(default.clone());
        }
        let p = create.send().await.unwrap();
        assert_eq!(p.property_type.as_ref(), Some(&property_type));
        let typed = p.typed_value();
        match &property_type {
            PropertyType::Char | PropertyType::Text | PropertyType::Link => {
                assert_eq!(typed, PropertyValue::Text(default.as_str().unwrap().into()))
            }
            PropertyType::Int => assert_eq!(typed, PropertyValue::Int(0)),
            PropertyType::Float => assert_eq!(typed, PropertyValue::Float(3.1415)),
            PropertyType::Boolean => assert_eq!(typed, PropertyValue::Bool(true)),
            PropertyType::DateTime => assert!(matches!(typed, PropertyValue::DateTime(_))),
            PropertyType::Date => assert_eq!(typed, PropertyValue::Date("2023-04-13".into())),
            PropertyType::Time => assert_eq!(typed, PropertyValue::Time("17:45:13".into())),
            PropertyType::MultiSelect => assert_eq!(typed, PropertyValue::MultiSelect(vec![])),
            PropertyType::ContextReferences => {
                let PropertyValue::References(refs) = typed else {
                    panic!("{typed:?}")
                };
                assert_eq!(refs.len(), 3);
                assert!(
                    refs.iter()
                        .all(|r| contexts.contains(&r.id.as_str()) && r.name.is_some())
                );
            }
            PropertyType::ScopeReferences => {
                let PropertyValue::References(refs) = typed else {
                    panic!("{typed:?}")
                };
                assert_eq!(refs[0].name.as_deref(), Some("Bike Project"));
            }
            PropertyType::UserReferences => assert_eq!(typed, PropertyValue::Users(vec![])),
            PropertyType::GeoJson | PropertyType::Weather => {
                assert_eq!(typed, PropertyValue::Other(json!({})))
            }
            PropertyType::Attachment | PropertyType::SingleSelect => assert!(typed.is_null()),
            t if t.is_reference() => assert!(
                matches!(typed, PropertyValue::References(_)),
                "{t}: {typed:?}"
            ),
            t => panic!("unexpected {t}"),
        }
        kc.properties().delete(&p.id).await.unwrap();
    }
    kc.parts().delete(&model.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn an_invalid_default_is_refused_by_the_server() {
    let Some((replay, kc)) =
        common::replay("TestPropertyCreation.test_create_property_incorrect_value").await
    else {
        return;
    };
    let product = kc
        .models()
        .list()
        .name("Product")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let model = kc
        .parts()
        .create_model(&product, "__Test model")
        .multiplicity(Multiplicity::One)
        .send()
        .await
        .unwrap();
    let err = kc
        .properties()
        .create(&model, "Boolean")
        .property_type(PropertyType::Boolean)
        .default_value("Not gonna work")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { detail, .. } if detail == "Value 'Not gonna work' is not a valid boolean."),
        "{err:?}"
    );
    kc.parts().delete(&model.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn a_reference_property_to_a_model_given_by_id_or_as_a_part() {
    let Some((replay, kc)) = common::replay(
        "TestPropertyMultiReferenceProperty.test_create_ref_property_referencing_id_in_list",
    )
    .await
    else {
        return;
    };
    let wheel_id = "6b2f8118-e32c-4fe1-b18a-46724c1540b1";
    // By id (in a list, like pykechain): the model is fetched for its scope.
    let by_id = kc
        .properties()
        .create(BIKE_MODEL, "__Test reference property")
        .property_type(PropertyType::References)
        .default_value(json!([wheel_id]))
        .send()
        .await
        .unwrap();
    let PropertyValue::References(refs) = by_id.typed_value() else {
        panic!("{by_id:?}")
    };
    assert_eq!(
        (refs[0].id.as_str(), refs[0].name.as_deref()),
        (wheel_id, Some("__Wheel"))
    );
    assert_eq!(by_id.value_options["scope_id"], SCOPE);
    // As a part: no lookup.
    let wheel = kc.models().get(wheel_id).await.unwrap();
    let as_part = kc
        .properties()
        .create(BIKE_MODEL, "__Test reference property")
        .property_type(PropertyType::References)
        .reference(&wheel)
        .send()
        .await
        .unwrap();
    assert_ne!(as_part.id, by_id.id);
    kc.properties().delete(&as_part.id).await.unwrap();
    kc.properties().delete(&by_id.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn update_several_properties_at_once() {
    let Some((replay, kc)) =
        common::replay("TestPropertiesUpdateProperties.test_bulk_update").await
    else {
        return;
    };
    let bike = kc
        .models()
        .list()
        .name("Bike")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let sub = kc
        .parts()
        .create_model(&bike, "_test submodel")
        .send()
        .await
        .unwrap();
    let mut ids = Vec::new();
    for t in [PropertyType::Char, PropertyType::Text] {
        let p = kc
            .properties()
            .create(&sub, t.as_str())
            .property_type(t)
            .send()
            .await
            .unwrap();
        assert!(p.typed_value().is_null());
        ids.push(p.id);
    }
    let updated = kc
        .properties()
        .update(ids.iter().map(|id| PropertyUpdate::new(id, "new value")))
        .await
        .unwrap();
    assert_eq!(updated.len(), 2);
    assert!(
        updated
            .iter()
            .all(|p| p.typed_value() == PropertyValue::Text("new value".into()))
    );
    kc.parts().delete(&sub.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
