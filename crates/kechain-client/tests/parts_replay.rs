//! Parts and models driven through recorded KE-chain traffic.

mod common;

use kechain_client::Error;
use kechain_client::models::{
    Multiplicity, PartCategory, PartClassification, PropertyDefinition, PropertyType, PropertyValue,
};
use serde_json::json;

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const BIKE: &str = "96e4986d-3989-473e-9d70-8d71824d1818";
const WHEEL_MODEL: &str = "e01573ed-8308-4510-a2fd-464c3cdd0a08";

#[tokio::test]
async fn parts_in_batches_follow_next_links() {
    let Some((replay, kc)) = common::replay("TestParts.test_part_set_with_batch").await else {
        return;
    };
    let parts = kc.parts().list().scope(SCOPE).batch(5).all().await.unwrap();
    assert_eq!(parts.len(), 12, "three pages of 5, 5 and 2");
    assert!(
        parts
            .iter()
            .all(|p| p.category == Some(PartCategory::Instance))
    );
    assert!(parts.iter().any(|p| p.name == "Bike"));
    assert_eq!(replay.used(), 3);
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestParts.test_part_set_with_limit").await else {
        return;
    };
    let parts = kc.parts().list().scope(SCOPE).limit(5).all().await.unwrap();
    assert_eq!(parts.len(), 5);
    assert_eq!(
        replay.used(),
        1,
        "one page of 5, the `next` link is not followed"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn parts_with_extra_filters_and_typed_values() {
    let Some((replay, kc)) = common::replay("TestParts.test_kwargs_on_part_retrieval").await else {
        return;
    };
    let bikes = kc
        .parts()
        .list()
        .name("Bike")
        .scope(SCOPE)
        .filter("order", "True")
        .all()
        .await
        .unwrap();
    assert_eq!(bikes.len(), 1);
    let bike = &bikes[0];
    assert_eq!(bike.id, BIKE);
    assert_eq!(bike.classification, Some(PartClassification::Product));
    assert_eq!(bike.multiplicity, Some(Multiplicity::OneMany));
    assert_eq!(bike.properties[0].name, "Gears");
    assert_eq!(
        bike.property("Gears").unwrap().typed_value(),
        PropertyValue::Int(389)
    );
    assert_eq!(
        bike.property("Expiring date").unwrap().typed_value(),
        PropertyValue::DateTime("2022-03-21T23:20:00+00:00".into())
    );
    assert_eq!(
        bike.property("Sale?").unwrap().typed_value(),
        PropertyValue::Bool(true)
    );
    assert!(bike.property("Picture").unwrap().typed_value().is_null());
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_part_unknown_multiple_and_by_id() {
    let Some((replay, kc)) = common::replay("TestParts.test_retrieve_single_unknown").await else {
        return;
    };
    let err = kc
        .parts()
        .list()
        .name("123lladadwd")
        .scope(SCOPE)
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestParts.test_retrieve_single_multiple").await else {
        return;
    };
    let err = kc.parts().list().scope(SCOPE).one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 12, .. }),
        "{err:?}"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestParts.test_retrieve_parent_of_part").await else {
        return;
    };
    let frame = kc
        .parts()
        .list()
        .name("Frame")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let parent = kc
        .parts()
        .get(frame.parent_id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!((parent.id.as_str(), parent.name.as_str()), (BIKE, "Bike"));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn models_unknown_and_a_model_as_parent_of_an_instance() {
    let Some((replay, kc)) = common::replay("TestParts.test_retrieve_model_unknown").await else {
        return;
    };
    let err = kc
        .models()
        .list()
        .name("123lladadwd")
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(
        err.to_string().contains("model named `123lladadwd`"),
        "{err}"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestParts.test_create_part_where_parent_is_model").await
    else {
        return;
    };
    let bike_model = kc
        .models()
        .list()
        .name("Bike")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    assert!(bike_model.is_model());
    let err = kc
        .parts()
        .create(&bike_model, &bike_model)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert!(
        err.to_string().contains("parent `Bike` is a MODEL"),
        "{err}"
    );
    assert_eq!(replay.used(), 1, "the bad creation sent nothing");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_and_delete_part_instances() {
    let Some((replay, kc)) = common::replay("TestParts.test_part_add_delete_part").await else {
        return;
    };
    let bike = kc
        .parts()
        .list()
        .name("Bike")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let wheel = kc
        .models()
        .list()
        .name("Wheel")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let named = kc
        .parts()
        .create(&bike, &wheel)
        .name("Test Wheel")
        .send()
        .await
        .unwrap();
    assert_eq!(named.name, "Test Wheel");
    assert_eq!(named.model_id.as_deref(), Some(WHEEL_MODEL));
    assert_eq!(
        named.property("Rim Material").unwrap().typed_value(),
        PropertyValue::Text("Adamantium".into())
    );
    kc.parts().delete(&named.id).await.unwrap();
    let default_name = kc.parts().create(&bike, &wheel).send().await.unwrap();
    assert_eq!(default_name.name, "Wheel", "the model's name");
    kc.parts().delete(&default_name.id).await.unwrap();
    let err = kc.parts().delete(&bike.id).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_part_instances_with_property_values() {
    for (cassette, diameter, bulk) in [
        (
            "TestPartCreateWithProperties.test_create_part_with_properties_no_bulk",
            42.42,
            false,
        ),
        (
            "TestPartCreateWithProperties.test_create_part_with_properties_ids_with_bulk",
            42.43,
            true,
        ),
    ] {
        let Some((replay, kc)) = common::replay(cassette).await else {
            return;
        };
        let bike = kc
            .parts()
            .list()
            .name("Bike")
            .scope(SCOPE)
            .one()
            .await
            .unwrap();
        let wheel = kc
            .models()
            .list()
            .name("Wheel")
            .scope(SCOPE)
            .one()
            .await
            .unwrap();
        let id_of = |name: &str| wheel.property(name).unwrap().id.clone();
        let fresh = kc
            .parts()
            .create(&bike, &wheel)
            .name("Fresh Wheel")
            .property_value(id_of("Diameter"), diameter)
            .property_value(id_of("Spokes"), 42)
            .property_value(id_of("Rim Material"), "Unobtanium")
            .bulk(bulk)
            .send()
            .await
            .unwrap();
        assert_eq!(
            fresh.property("Diameter").unwrap().typed_value(),
            PropertyValue::Float(diameter)
        );
        assert_eq!(
            fresh.property("Spokes").unwrap().typed_value(),
            PropertyValue::Int(42)
        );
        kc.parts().delete(&fresh.id).await.unwrap();
        assert!(
            replay.unmatched().is_empty(),
            "{cassette}: {:?}",
            replay.unmatched()
        );
    }
}

#[tokio::test]
async fn create_a_model() {
    let Some((replay, kc)) = common::replay("TestParts.test_create_model").await else {
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
    let pedal = kc
        .parts()
        .create_model(&bike, "Pedal")
        .multiplicity(Multiplicity::One)
        .send()
        .await
        .unwrap();
    assert!(pedal.is_model() && pedal.properties.is_empty());
    assert_eq!(pedal.parent_id.as_deref(), Some(bike.id.as_str()));
    let found = kc
        .models()
        .list()
        .name("Pedal")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    assert_eq!(found.id, pedal.id);
    kc.parts().delete(&pedal.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
#[allow(clippy::approx_constant)] // 3.14 is the recorded value, not an approximation of pi
async fn create_a_model_with_properties() {
    let Some((replay, kc)) =
        common::replay("TestPartCreateModelWithProperties.test_create_model_with_properties").await
    else {
        return;
    };
    let catalog = kc
        .models()
        .list()
        .scope(SCOPE)
        .filter("name__startswith", "Catalog")
        .one()
        .await
        .unwrap();
    let required = json!({"validators": [{"vtype": "requiredFieldValidator", "config": {}}]});
    let properties = [
        PropertyDefinition::new("char prop", PropertyType::Char),
        PropertyDefinition::new("number prop", PropertyType::Float).value(3.14),
        PropertyDefinition::new("boolean_prop", PropertyType::Boolean)
            .value(false)
            .value_options(required.as_object().unwrap().clone()),
    ];
    let model = kc
        .parts()
        .create_model_with_properties(&catalog, "A new model", properties)
        .send()
        .await
        .unwrap();
    assert_eq!(model.classification, Some(PartClassification::Catalog));
    let names: Vec<_> = model.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["char prop", "number prop", "boolean_prop"]);
    assert_eq!(
        model.property("number prop").unwrap().typed_value(),
        PropertyValue::Float(3.14)
    );
    assert_eq!(
        model.property("boolean_prop").unwrap().typed_value(),
        PropertyValue::Bool(false)
    );
    kc.parts().delete(&model.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn add_a_catalogue_model_as_a_proxy() {
    let Some((replay, kc)) = common::replay("TestParts.test_add_proxy_to").await else {
        return;
    };
    let catalog = kc
        .models()
        .list()
        .scope(SCOPE)
        .filter("name__startswith", "Catalog")
        .one()
        .await
        .unwrap();
    let bearing = kc
        .parts()
        .create_model(&catalog, "Bearing")
        .send()
        .await
        .unwrap();
    let wheel = kc
        .models()
        .list()
        .name("Wheel")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let proxy = kc
        .parts()
        .create_proxy_model(&bearing, &wheel, "Bearing")
        .multiplicity(Multiplicity::ZeroOne)
        .send()
        .await
        .unwrap();
    assert_eq!(
        proxy.proxy_source_id_name.as_ref().map(|s| s.id.as_str()),
        Some(bearing.id.as_str())
    );
    assert_eq!(proxy.multiplicity, Some(Multiplicity::ZeroOne));
    let under_wheel = kc
        .models()
        .list()
        .name("Bearing")
        .scope(SCOPE)
        .parent(&wheel)
        .all()
        .await
        .unwrap();
    assert_eq!(under_wheel.len(), 1);
    kc.parts().delete(&under_wheel[0].id).await.unwrap();
    let left = kc
        .models()
        .list()
        .name("Bearing")
        .scope(SCOPE)
        .all()
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    kc.parts().delete(&left[0].id).await.unwrap();
    assert!(
        kc.models()
            .list()
            .name("Bearing")
            .scope(SCOPE)
            .all()
            .await
            .unwrap()
            .is_empty()
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
