//! Properties: exact requests (snapshots), typed values, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::models::{
    Part, PartCategory, Property, PropertyType, PropertyUpdate, PropertyValue,
};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::{Value, json};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const PROP: &str = "8a6b873c-b1ca-4aae-b896-3895e20089bd";
const OTHER: &str = "53a9fdb8-4aa0-427b-91df-510a26519060";
const BIKE: &str = "96e4986d-3989-473e-9d70-8d71824d1818";
const BIKE_MODEL: &str = "e4a047a6-4a00-41a6-bae4-732ac2f639de";
const WHEEL_MODEL: &str = "e01573ed-8308-4510-a2fd-464c3cdd0a08";

fn property(id: &str, property_type: &str, value: Value) -> Value {
    json!({"id": id, "name": "Gears", "ref": "gears", "description": "", "property_type": property_type,
           "category": "INSTANCE", "order": 0, "unit": null, "value_options": {}, "value": value,
           "created_at": "2019-10-22T08:06:49.222935Z", "updated_at": "2022-07-28T08:31:25.047200Z",
           "part_id": BIKE, "scope_id": SCOPE, "model_id": "8750eb0f-c6bc-4fa0-ab2f-78009601355f",
           "output": true, "later_field": 1})
}

fn part(id: &str, category: &str) -> Part {
    serde_json::from_value(
        json!({"id": id, "name": "Wheel", "category": category, "scope_id": SCOPE}),
    )
    .unwrap()
}

fn results(items: Vec<Value>) -> Value {
    json!({"count": items.len(), "next": null, "results": items})
}

#[tokio::test]
async fn every_property_request_is_exact() {
    let one = || results(vec![property(PROP, "INT_VALUE", json!(389))]);
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/v3/properties.json",
                MockResponse::json(200, &one()),
            )
            .on(
                "GET",
                &format!("/api/v3/properties/{PROP}.json"),
                MockResponse::json(200, &one()),
            )
            .on(
                "GET",
                &format!("/api/v3/parts/{WHEEL_MODEL}.json"),
                MockResponse::json(200, &json!({"results": [part(WHEEL_MODEL, "MODEL")]})),
            )
            .on(
                "POST",
                "/api/v3/properties/create_model",
                MockResponse::json(201, &one()),
            )
            .on(
                "POST",
                "/api/v3/properties/bulk_update",
                MockResponse::json(200, &one()),
            )
            .on(
                "DELETE",
                &format!("/api/v3/properties/{PROP}.json"),
                MockResponse::status(204),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    kc.properties()
        .list()
        .name("Gears")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    kc.properties()
        .list()
        .category(PartCategory::Model)
        .part(BIKE_MODEL)
        .filter("ref", "dual-pad")
        .limit(3)
        .all()
        .await
        .unwrap();
    kc.properties()
        .list()
        .any_category()
        .id(PROP)
        .all()
        .await
        .unwrap();
    kc.properties().get(PROP).await.unwrap();
    let bike_model = part(BIKE_MODEL, "MODEL");
    kc.properties()
        .create(&bike_model, "__Test property")
        .description("description of the property")
        .property_type(PropertyType::Int)
        .default_value(42)
        .unit("unit of the property")
        .send()
        .await
        .unwrap();
    let mut options = serde_json::Map::new();
    options.insert("value_choices".into(), json!(["apples", "bananas"]));
    kc.properties()
        .create(BIKE_MODEL, "fruit")
        .property_type(PropertyType::SingleSelect)
        .options(options.clone())
        .send()
        .await
        .unwrap();
    kc.properties()
        .create(BIKE_MODEL, "when")
        .property_type(PropertyType::DateTime)
        .default_value("2023-04-13T12:01:42.667960")
        .send()
        .await
        .unwrap();
    // A referenced model given as a part needs no lookup; given by id it is fetched for its scope.
    kc.properties()
        .create(BIKE_MODEL, "wheels")
        .property_type(PropertyType::References)
        .reference(&part(WHEEL_MODEL, "MODEL"))
        .send()
        .await
        .unwrap();
    kc.properties()
        .create(BIKE_MODEL, "wheels by id")
        .property_type(PropertyType::References)
        .default_value(json!([WHEEL_MODEL, "ignored-like-pykechain"]))
        .send()
        .await
        .unwrap();
    kc.properties()
        .update([
            PropertyUpdate::new(PROP, 390),
            PropertyUpdate::new(OTHER, Value::Null).value_options(options),
        ])
        .await
        .unwrap();
    kc.properties().delete(PROP).await.unwrap();
    insta::assert_json_snapshot!("properties_requests", server.requests());
}

#[test]
fn every_observed_property_type_decodes_to_its_typed_value() {
    use PropertyValue as V;
    let user = json!({"pk": 3, "name": "testmanager", "username": "testmanager", "email": "", "timezone": "UTC"});
    let geo = json!({"type": "FeatureCollection", "features": []});
    let cases = [
        (
            "CHAR_VALUE",
            json!("Adamantium"),
            V::Text("Adamantium".into()),
        ),
        (
            "TEXT_VALUE",
            json!("multi\nline"),
            V::Text("multi\nline".into()),
        ),
        (
            "LINK_VALUE",
            json!("http://ke-chain.com"),
            V::Text("http://ke-chain.com".into()),
        ),
        (
            "SINGLE_SELECT_VALUE",
            json!("bananas"),
            V::Text("bananas".into()),
        ),
        (
            "ATTACHMENT_VALUE",
            json!("attachments/x/requirements.txt"),
            V::Text("attachments/x/requirements.txt".into()),
        ),
        ("INT_VALUE", json!(42), V::Int(42)),
        ("FLOAT_VALUE", json!(432.1), V::Float(432.1)),
        ("FLOAT_VALUE", json!(4), V::Float(4.0)),
        ("BOOLEAN_VALUE", json!(false), V::Bool(false)),
        (
            "DATETIME_VALUE",
            json!("2022-03-21T23:20:00+00:00"),
            V::DateTime("2022-03-21T23:20:00+00:00".into()),
        ),
        (
            "DATE_VALUE",
            json!("2021-12-15"),
            V::Date("2021-12-15".into()),
        ),
        ("TIME_VALUE", json!("12:00:04"), V::Time("12:00:04".into())),
        (
            "MULTI_SELECT_VALUE",
            json!(["apples", "bananas"]),
            V::MultiSelect(vec!["apples".into(), "bananas".into()]),
        ),
        ("MULTI_SELECT_VALUE", json!([]), V::MultiSelect(vec![])),
        ("REFERENCES_VALUE", json!([]), V::References(vec![])),
        ("GEOJSON_VALUE", geo.clone(), V::Other(geo)),
        ("WEATHER_VALUE", json!({}), V::Other(json!({}))),
        ("CHAR_VALUE", Value::Null, V::Null),
        ("SIGNATURE_VALUE", Value::Null, V::Null),
        // a value that does not fit its type is kept, not lost
        (
            "BOOLEAN_VALUE",
            json!("Not gonna work"),
            V::Other(json!("Not gonna work")),
        ),
        ("INT_VALUE", json!(1.5), V::Other(json!(1.5))),
        (
            "NEW_FANCY_VALUE",
            json!({"x": 1}),
            V::Other(json!({"x": 1})),
        ),
    ];
    for (property_type, value, expected) in cases {
        let p: Property =
            serde_json::from_value(property(PROP, property_type, value.clone())).unwrap();
        assert_eq!(p.typed_value(), expected, "{property_type} {value}");
        assert_eq!(p.value, value, "the raw value is kept");
    }
    let refs = json!([{"id": WHEEL_MODEL, "name": "Wheel"}, {"id": BIKE, "name": "Bike", "ref": "bike", "status": "OPEN"}]);
    for t in [
        "REFERENCES_VALUE",
        "ACTIVITY_REFERENCES_VALUE",
        "SCOPE_REFERENCES_VALUE",
        "CONTEXT_REFERENCES_VALUE",
        "FORM_REFERENCES_VALUE",
        "STATUS_REFERENCES_VALUE",
        "STOREDFILE_REFERENCES_VALUE",
    ] {
        let p: Property = serde_json::from_value(property(PROP, t, refs.clone())).unwrap();
        let PropertyValue::References(items) = p.typed_value() else {
            panic!("{t}")
        };
        assert_eq!(
            (items[1].id.as_str(), items[1].name.as_deref()),
            (BIKE, Some("Bike")),
            "{t}"
        );
    }
    let p: Property =
        serde_json::from_value(property(PROP, "USER_REFERENCES_VALUE", json!([user]))).unwrap();
    let PropertyValue::Users(users) = p.typed_value() else {
        panic!("users")
    };
    assert_eq!(
        (users[0].id, users[0].username.as_deref()),
        (3, Some("testmanager"))
    );
    assert_eq!(p.extra["later_field"], 1);
    assert_eq!(p.property_type, Some(PropertyType::UserReferences));
}

#[tokio::test]
async fn errors_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "POST",
                "/api/v3/properties/create_model",
                MockResponse::json(
                    400,
                    &json!({"results": ["Value 'Not gonna work' is not a valid boolean."]}),
                ),
            )
            .on(
                "GET",
                &format!("/api/v3/properties/{PROP}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            )
            .on(
                "GET",
                "/api/v3/properties.json",
                MockResponse::json(200, &results(vec![])),
            )
            .on(
                "POST",
                "/api/v3/properties/bulk_update",
                MockResponse::json(
                    400,
                    &json!({"results": [{"value": ["A valid integer is required."]}]}),
                ),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc
        .properties()
        .create(BIKE_MODEL, "Boolean")
        .property_type(PropertyType::Boolean)
        .default_value("Not gonna work")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { .. }) && err.status() == Some(400),
        "{err:?}"
    );
    assert!(err.to_string().contains("is not a valid boolean"), "{err}");
    assert!(kc.properties().get(PROP).await.unwrap_err().is_not_found());
    let err = kc.properties().list().name("Nope").one().await.unwrap_err();
    assert!(
        err.is_not_found() && err.to_string().contains("property named `Nope`"),
        "{err}"
    );
    let err = kc
        .properties()
        .update([PropertyUpdate::new(PROP, "x")])
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("value: A valid integer is required."),
        "{err}"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let instance = part(BIKE, "INSTANCE");
    let create = |name: &str| kc.properties().create(BIKE_MODEL, name);
    let errors = [
        kc.properties().get("gears").await.unwrap_err(),
        kc.properties().delete("").await.unwrap_err(),
        kc.properties().list().name("").all().await.unwrap_err(),
        kc.properties().list().part("Bike").all().await.unwrap_err(),
        kc.properties().list().scope("x").one().await.unwrap_err(),
        kc.properties()
            .list()
            .filter("fields", "id")
            .all()
            .await
            .unwrap_err(),
        kc.properties()
            .list()
            .category(PartCategory::Unknown("X".into()))
            .all()
            .await
            .unwrap_err(),
        // an instance where a model is required
        kc.properties()
            .create(&instance, "p")
            .send()
            .await
            .unwrap_err(),
        kc.properties()
            .create("not-a-model-id", "p")
            .send()
            .await
            .unwrap_err(),
        create(" ").send().await.unwrap_err(),
        create("p")
            .property_type(PropertyType::Unknown("X".into()))
            .send()
            .await
            .unwrap_err(),
        create("p")
            .property_type(PropertyType::Date)
            .default_value("2023-04-13T10:00:00")
            .send()
            .await
            .unwrap_err(),
        create("p")
            .property_type(PropertyType::DateTime)
            .default_value("yesterday")
            .send()
            .await
            .unwrap_err(),
        create("p")
            .property_type(PropertyType::DateTime)
            .default_value(20230413)
            .send()
            .await
            .unwrap_err(),
        create("p")
            .property_type(PropertyType::Time)
            .default_value("25h")
            .send()
            .await
            .unwrap_err(),
        create("p").reference(WHEEL_MODEL).send().await.unwrap_err(),
        create("p")
            .property_type(PropertyType::References)
            .reference(WHEEL_MODEL)
            .default_value(json!([WHEEL_MODEL]))
            .send()
            .await
            .unwrap_err(),
        create("p")
            .property_type(PropertyType::References)
            .default_value(json!({"id": WHEEL_MODEL}))
            .send()
            .await
            .unwrap_err(),
        create("p")
            .property_type(PropertyType::References)
            .default_value("wheel")
            .send()
            .await
            .unwrap_err(),
        kc.properties()
            .update([PropertyUpdate::new("gears", 1)])
            .await
            .unwrap_err(),
        kc.properties()
            .update([PropertyUpdate::new(PROP, 1), PropertyUpdate::new(PROP, 2)])
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
