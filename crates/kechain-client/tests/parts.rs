//! Parts and models: exact requests (snapshots), decoding, limits, error mapping, bad input.

mod common;

use futures_util::TryStreamExt;
use kechain_client::Error;
use kechain_client::models::{
    Multiplicity, Part, PartCategory, PartClassification, PropertyDefinition, PropertyType,
    PropertyValue,
};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::{Value, json};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const BIKE: &str = "96e4986d-3989-473e-9d70-8d71824d1818";
const BIKE_MODEL: &str = "e4a047a6-4a00-41a6-bae4-732ac2f639de";
const WHEEL_MODEL: &str = "e01573ed-8308-4510-a2fd-464c3cdd0a08";
const CATALOG: &str = "b6614c51-255a-42e9-8328-41267e13da77";
const DIAMETER_MODEL: &str = "63e528c9-d8c7-44b1-bbdd-93ede1b72a03";

fn part(id: &str, name: &str, category: &str) -> Value {
    json!({"id": id, "name": name, "ref": name.to_lowercase(), "description": "", "category": category,
           "classification": "PRODUCT", "multiplicity": "ZERO_MANY", "scope_id": SCOPE,
           "parent_id": BIKE, "model_id": null, "proxy_source_id_name": null, "output": true,
           "created_at": "2019-10-22T08:06:49.859787Z", "updated_at": "2019-10-22T08:06:49.859801Z",
           "properties": [
               {"id": "8a6b873c-b1ca-4aae-b896-3895e20089bd", "name": "Spokes", "property_type": "INT_VALUE",
                "category": category, "order": 2, "value": 36, "value_options": {}, "unit": null},
               {"id": DIAMETER_MODEL, "name": "Diameter", "property_type": "FLOAT_VALUE",
                "category": category, "order": 0, "value": 60.8, "value_options": null, "unit": "cm"},
               {"id": "dfeb257f-6b0b-4adc-96f0-6d876d2f4c15", "name": "Material", "property_type": "CHAR_VALUE",
                "category": category, "order": 1, "value": null, "value_options": {}}
           ],
           "brand_new_field": "kept"})
}

fn created(p: Value) -> MockResponse {
    MockResponse::json(201, &json!({"results": [p]}))
}

async fn model(kc: &kechain_client::KechainClient, id: &str) -> Part {
    kc.models().get(id).await.unwrap()
}

#[tokio::test]
async fn every_part_request_is_exact() {
    let list = json!({"count": 1, "next": null, "results": [part(BIKE, "Bike", "INSTANCE")]});
    let server = TestServer::routes(
        Routes::new()
            .on("GET", "/api/v3/parts.json", MockResponse::json(200, &list))
            .on(
                "GET",
                &format!("/api/v3/parts/{BIKE}.json"),
                MockResponse::json(200, &json!({"results": [part(BIKE, "Bike", "INSTANCE")]})),
            )
            .on(
                "GET",
                &format!("/api/v3/parts/{WHEEL_MODEL}.json"),
                MockResponse::json(
                    200,
                    &json!({"results": [part(WHEEL_MODEL, "Wheel", "MODEL")]}),
                ),
            )
            .on(
                "POST",
                "/api/v3/parts/new_instance",
                created(part(BIKE, "Wheel", "INSTANCE")),
            )
            .on(
                "POST",
                "/api/v3/parts/create_child_model",
                created(part(WHEEL_MODEL, "M", "MODEL")),
            )
            .on(
                "POST",
                "/api/v3/parts/create_proxy_model",
                created(part(WHEEL_MODEL, "P", "MODEL")),
            )
            .on(
                "DELETE",
                &format!("/api/v3/parts/{BIKE}.json"),
                MockResponse::status(204),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    kc.parts()
        .list()
        .name("Bike")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    kc.parts()
        .list()
        .any_category()
        .activity("ea522b94-6611-4fb3-bfaf-d795c196eb7d")
        .widget("86d4eca5-9d8d-45a1-8224-236fbed9516f")
        .parent(BIKE)
        .model(BIKE_MODEL)
        .filter("order", "True")
        .limit(5)
        .all()
        .await
        .unwrap();
    kc.models().list().id(WHEEL_MODEL).one().await.unwrap();
    let bike = kc.parts().get(BIKE).await.unwrap();
    let wheel = model(&kc, WHEEL_MODEL).await;
    kc.parts().create(&bike, &wheel).send().await.unwrap();
    kc.parts()
        .create(BIKE, WHEEL_MODEL)
        .name("Fresh Wheel")
        .property_value(DIAMETER_MODEL, 42.42)
        .bulk(false)
        .send()
        .await
        .unwrap();
    kc.parts()
        .create_model(BIKE_MODEL, "Pedal")
        .multiplicity(Multiplicity::One)
        .send()
        .await
        .unwrap();
    let props = [
        PropertyDefinition::new("char prop", PropertyType::Char),
        PropertyDefinition::new("number prop", PropertyType::Float).value(2.5),
        PropertyDefinition::new("when", PropertyType::Date)
            .value("2023-04-13")
            .description("d")
            .unit("day")
            .order(3),
    ];
    kc.parts()
        .create_model_with_properties(CATALOG, "A new model", props)
        .send()
        .await
        .unwrap();
    kc.parts()
        .create_proxy_model(CATALOG, &wheel, "Bearing")
        .multiplicity(Multiplicity::ZeroOne)
        .send()
        .await
        .unwrap();
    kc.parts().delete(BIKE).await.unwrap();
    insta::assert_json_snapshot!("parts_requests", server.requests());
}

#[tokio::test]
async fn parts_decode_with_sorted_typed_properties() {
    let server = TestServer::routes(Routes::new().on(
        "GET",
        &format!("/api/v3/parts/{BIKE}.json"),
        MockResponse::json(200, &json!({"results": [part(BIKE, "Bike", "INSTANCE")]})),
    ))
    .await;
    let kc = common::client(&server.base_url());
    let bike = kc.parts().get(BIKE).await.unwrap();
    assert!(bike.is_instance() && !bike.is_model());
    assert_eq!(bike.classification, Some(PartClassification::Product));
    assert_eq!(bike.multiplicity, Some(Multiplicity::ZeroMany));
    let names: Vec<_> = bike.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Diameter", "Material", "Spokes"], "sorted by order");
    assert_eq!(
        bike.property("Diameter").unwrap().typed_value(),
        PropertyValue::Float(60.8)
    );
    assert_eq!(
        bike.property("Spokes").unwrap().typed_value(),
        PropertyValue::Int(36)
    );
    assert!(bike.property("Material").unwrap().typed_value().is_null());
    assert!(
        bike.properties[0].value_options.is_empty(),
        "null options read as empty"
    );
    assert_eq!(bike.extra["brand_new_field"], "kept");
}

#[tokio::test]
async fn the_limit_is_exact_and_the_batch_sets_the_page_size() {
    let server = TestServer::start(|r| {
        let query = |k: &str| r.record.query_values(k).first().map(|v| v.parse::<usize>().unwrap());
        let (offset, limit) = (query("offset").unwrap_or(0), query("limit").unwrap());
        let rows: Vec<_> = (offset..(offset + limit).min(250))
            .map(|i| part(&format!("{i:08}-0000-0000-0000-000000000000"), &format!("p{i}"), "INSTANCE"))
            .collect();
        let next = (offset + limit < 250).then(|| {
            format!("https://pim3-test.ke-chain.com/api/v3/parts.json?category=INSTANCE&limit={limit}&offset={}", offset + limit)
        });
        MockResponse::json(200, &json!({"count": 250, "next": next, "results": rows}))
    })
    .await;
    let kc = common::client(&server.base_url());
    let got: Vec<_> = kc
        .parts()
        .list()
        .limit(150)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got.len(), 150, "pykechain would return 200 here");
    assert_eq!(server.request_count(), 2);
    server.clear();
    let got = kc.parts().list().batch(50).limit(120).all().await.unwrap();
    assert_eq!(got.len(), 120);
    let limits: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.query_values("limit")[0].to_owned())
        .collect();
    assert_eq!(limits, ["50", "50", "50"]);
    assert_eq!(kc.parts().list().all().await.unwrap().len(), 250);
}

#[tokio::test]
async fn a_model_lookup_that_finds_an_instance_is_not_found() {
    let server = TestServer::routes(Routes::new().on(
        "GET",
        &format!("/api/v3/parts/{BIKE}.json"),
        MockResponse::json(200, &json!({"results": [part(BIKE, "Bike", "INSTANCE")]})),
    ))
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.models().get(BIKE).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("INSTANCE"), "{err}");
}

#[tokio::test]
async fn errors_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "DELETE",
                &format!("/api/v3/parts/{BIKE}.json"),
                MockResponse::json(403, &json!({"results": [{"detail": "You do not have permission to perform this action."}]})),
            )
            .on(
                "GET",
                &format!("/api/v3/parts/{BIKE}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            )
            .on(
                "POST",
                "/api/v3/parts/create_child_model",
                MockResponse::json(400, &json!({"results": ["Name is not unique."]})),
            )
            .on("GET", "/api/v3/parts.json", MockResponse::json(200, &json!({"count": 3, "next": null, "results": [part(BIKE, "a", "MODEL"), part(BIKE, "b", "MODEL")]}))),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.parts().delete(BIKE).await.unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { detail, .. } if detail.contains("permission")),
        "{err:?}"
    );
    assert!(kc.parts().get(BIKE).await.unwrap_err().is_not_found());
    let err = kc
        .parts()
        .create_model(BIKE_MODEL, "x")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { .. }) && err.status() == Some(400),
        "{err:?}"
    );
    assert!(err.to_string().contains("Name is not unique."), "{err}");
    let err = kc.models().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 3, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let instance: Part = serde_json::from_value(part(BIKE, "Bike", "INSTANCE")).unwrap();
    let a_model: Part = serde_json::from_value(part(WHEEL_MODEL, "Wheel", "MODEL")).unwrap();
    let errors = [
        kc.parts().get("not-a-uuid").await.unwrap_err(),
        kc.models().get("123").await.unwrap_err(),
        kc.parts().delete("../scopes").await.unwrap_err(),
        kc.parts().list().name(" ").one().await.unwrap_err(),
        kc.parts()
            .list()
            .scope("Bike Project")
            .all()
            .await
            .unwrap_err(),
        kc.parts().list().parent("bike").all().await.unwrap_err(),
        kc.parts().list().batch(0).all().await.unwrap_err(),
        kc.parts()
            .list()
            .filter("limit", "3")
            .all()
            .await
            .unwrap_err(),
        kc.parts()
            .list()
            .category(PartCategory::Unknown("BOTH".into()))
            .all()
            .await
            .unwrap_err(),
        // an instance where a model is required, and the other way round
        kc.parts()
            .create(&instance, &instance)
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create(&a_model, &a_model)
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create(BIKE, WHEEL_MODEL)
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create(&instance, &a_model)
            .name("")
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create(&instance, &a_model)
            .property_value("x", 1)
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create(&instance, &a_model)
            .property_value(DIAMETER_MODEL, 1)
            .property_value(DIAMETER_MODEL, 2)
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_model(&instance, "x")
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_model(&a_model, "")
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_model(&a_model, "x")
            .multiplicity(Multiplicity::Unknown("MANY".into()))
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_model_with_properties(
                &a_model,
                "x",
                [PropertyDefinition::new("", PropertyType::Char)],
            )
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_model_with_properties(
                &a_model,
                "x",
                [
                    PropertyDefinition::new("a", PropertyType::Int),
                    PropertyDefinition::new("a", PropertyType::Text),
                ],
            )
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_model_with_properties(
                &a_model,
                "x",
                [PropertyDefinition::new("d", PropertyType::Date).value("tomorrow")],
            )
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_model_with_properties(
                &a_model,
                "x",
                [PropertyDefinition::new(
                    "t",
                    PropertyType::Unknown("X".into()),
                )],
            )
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_proxy_model(&instance, &a_model, "p")
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_proxy_model(&a_model, &instance, "p")
            .send()
            .await
            .unwrap_err(),
        kc.parts()
            .create_proxy_model(&a_model, &a_model, "\t")
            .send()
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
