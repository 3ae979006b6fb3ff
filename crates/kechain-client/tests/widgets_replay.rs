//! Widgets and associations driven through recorded KE-chain traffic. pykechain also fetched
//! `versions.json` and `widgets/schemas` to validate `meta`; we do not, and the replay
//! tolerates unconsumed interactions.

mod common;

use kechain_client::api::associations::AssociationUpdate;
use kechain_client::api::widgets::{NewWidget, WidgetUpdate};
use kechain_client::models::{Activity, Widget, WidgetType};
use kechain_client::{Error, KechainClient};
use serde_json::{Map, Value, json};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const ROOT: &str = "010d6604-45cb-48c4-8457-63f50826a48f";
/// The `Frame` part instance and its first two property models (read by the grid).
const FRAME: &str = "15f4764c-0c24-40cd-9691-9bb29477b8de";
const FRAME_PROPS: [&str; 2] = [
    "2161ba2f-85cc-4344-a3e1-c81c74c19ce7",
    "1c07f49b-8107-4522-abd1-5c73cc88686b",
];
/// The `Wheel` property models written by the supergrid.
const WHEEL_PROPS: [&str; 2] = [
    "63e528c9-d8c7-44b1-bbdd-93ede1b72a03",
    "410803f0-489b-443e-a8ac-4e422fb76a43",
];

fn obj(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn grid_meta(activity: &str, part_instance: &str, part_model: Option<&str>) -> Map<String, Value> {
    let mut meta = obj(json!({"activityId": activity, "customHeight": null,
        "partInstanceId": part_instance, "showColumns": [], "showHeaders": true,
        "showTitleValue": "Default", "customTitle": null}));
    if let Some(model) = part_model {
        meta.insert("partModelId".into(), model.into());
    }
    meta
}

fn supergrid_meta(activity: &str) -> Map<String, Value> {
    obj(
        json!({"activityId": activity, "partModelId": "e01573ed-8308-4510-a2fd-464c3cdd0a08",
        "sortedColumn": null, "sortDirection": "ASC", "showNameColumn": true, "showImages": false,
        "addButtonVisible": true, "editButtonVisible": true, "deleteButtonVisible": false,
        "cloneButtonVisible": true, "downloadButtonVisible": true, "uploadButtonVisible": true,
        "incompleteRowsButtonVisible": true, "primaryAddUiValue": true, "primaryEditUiValue": false,
        "primaryCloneUiValue": false, "primaryDeleteUiValue": false,
        "parentInstanceId": "96e4986d-3989-473e-9d70-8d71824d1818",
        "parentPartModelId": "e4a047a6-4a00-41a6-bae4-732ac2f639de",
        "showTitleValue": "Default", "customTitle": null}),
    )
}

/// The widget-manager setup: a fresh task under the workflow root, and its widgets.
async fn fresh_task(kc: &KechainClient) -> (Activity, Vec<Widget>) {
    let task = kc
        .activities()
        .create(ROOT, "widget_test_task")
        .send()
        .await
        .unwrap();
    let widgets = kc.widgets().list().activity(&task.id).all().await.unwrap();
    assert_eq!(widgets.len(), 1, "a new task has its meta panel");
    assert_eq!(widgets[0].widget_type, Some(WidgetType::MetaPanel));
    (task, widgets)
}

/// The `TestAssociations` setup: a task with a grid reading two properties and a supergrid
/// writing two.
async fn association_setup(kc: &KechainClient) -> (Activity, Widget, Widget) {
    let (task, _) = fresh_task(kc).await;
    let grid = NewWidget::new(
        &task.id,
        WidgetType::PropertyGrid,
        grid_meta(&task.id, FRAME, None),
    )
    .readable(FRAME_PROPS);
    let grid = kc.widgets().create(grid).await.unwrap();
    let supergrid = NewWidget::new(&task.id, WidgetType::SuperGrid, supergrid_meta(&task.id))
        .writable(WHEEL_PROPS);
    let supergrid = kc.widgets().create(supergrid).await.unwrap();
    // The answer of the association request: the server filled in the parent instance.
    assert!(supergrid.meta.contains_key("parentInstanceId"));
    (task, grid, supergrid)
}

#[tokio::test]
async fn widgets_of_an_activity() {
    let Some((replay, kc)) = common::replay("TestWidgets.test_widget_attributes").await else {
        return;
    };
    let task = kc
        .activities()
        .list()
        .name("Specify wheel diameter")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let widgets = kc.widgets().list().activity(&task.id).all().await.unwrap();
    let types: Vec<_> = widgets
        .iter()
        .filter_map(|w| w.widget_type.clone())
        .collect();
    assert_eq!(
        types,
        [
            WidgetType::MetaPanel,
            WidgetType::ServiceCard,
            WidgetType::PropertyGrid
        ]
    );
    assert!(
        widgets
            .iter()
            .all(|w| w.activity_id.as_deref() == Some(task.id.as_str()))
    );
    assert_eq!(widgets[0].meta["showAll"], true);
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_a_widget_with_associations_and_get_it() {
    let Some((replay, kc)) =
        common::replay("TestWidgetManagerInActivity.test_edit_widget_title").await
    else {
        return;
    };
    let (task, _) = fresh_task(&kc).await;
    let bike = "96e4986d-3989-473e-9d70-8d71824d1818";
    let bike_model = "e4a047a6-4a00-41a6-bae4-732ac2f639de";
    let props = [
        "8750eb0f-c6bc-4fa0-ab2f-78009601355f",
        "1c50588c-37fd-4adc-9881-686a29ce59cd",
        "fe0f3048-2eb3-4e38-9bb8-811e7aa9ce7b",
        "8fdbc130-e718-43dd-86a1-c74833624ee6",
        "ce87608e-926f-4c94-bbe9-1d7a33642e4a",
        "ed128e59-ffab-4f66-a6c1-94061c079707",
        "3bc6e0b1-aa10-41a5-a829-7b500b03a2b6",
    ];
    let spec = NewWidget::new(
        &task.id,
        WidgetType::PropertyGrid,
        grid_meta(&task.id, bike, Some(bike_model)),
    )
    .writable(props);
    let grid = kc.widgets().create(spec).await.unwrap();
    assert_eq!(grid.order, Some(1));
    // (pykechain edits the meta here; that PUT is not one of the seed members.)
    let fetched = kc.widgets().get(&grid.id).await.unwrap();
    assert_eq!(fetched.id, grid.id);
    assert_eq!(fetched.widget_type, Some(WidgetType::PropertyGrid));
    assert_eq!(fetched.meta["partInstanceId"], bike);
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_and_delete_one_widget() {
    let Some((replay, kc)) = common::replay("TestWidgets.test_create_widget_in_activity").await
    else {
        return;
    };
    let task = kc
        .activities()
        .list()
        .name("Specify wheel diameter")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    // No associations: the empty association update pykechain sends is skipped.
    let spec = NewWidget::new(&task.id, WidgetType::Undefined, Map::new())
        .title("Test_widget")
        .order(100);
    let widget = kc.widgets().create(spec).await.unwrap();
    assert_eq!(widget.title.as_deref(), Some("Test_widget"));
    assert_eq!(widget.reference.as_deref(), Some("test_widget"));
    assert_eq!(widget.order, Some(100));
    kc.widgets().delete(&widget.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_widgets_in_bulk() {
    let Some((replay, kc)) =
        common::replay("TestWidgetManagerInActivity.test_create_widgets").await
    else {
        return;
    };
    let (task, _) = fresh_task(&kc).await;
    let html = |text: &str, title: &str| {
        NewWidget::new(
            &task.id,
            WidgetType::Html,
            obj(json!({"htmlContent": text})),
        )
        .title(title)
    };
    let made = kc
        .widgets()
        .create_many([
            html("This is HTML text.", "A new text widget"),
            html("They keep on multiplying.", "Another HTML widget"),
        ])
        .await
        .unwrap();
    let orders: Vec<_> = made.iter().map(|w| w.order).collect();
    assert_eq!(orders, [Some(1), Some(2)]);
    assert_eq!(made[1].meta["htmlContent"], "They keep on multiplying.");
    for w in &made {
        kc.widgets().delete(&w.id).await.unwrap();
    }
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn update_widgets_in_bulk() {
    let Some((replay, kc)) = common::replay("TestWidgets.test_bulk_update").await else {
        return;
    };
    let acts = kc.activities();
    acts.list()
        .name("Specify wheel diameter")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let process = acts
        .list()
        .name("Tasks with Widgets")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let source = acts
        .list()
        .name("Task - Form + Tables + Service")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    let clone = acts
        .clone_activities(&process)
        .activity(&source.id)
        .field("name", "BULK WIDGET TEST TASK")
        .send()
        .await
        .unwrap()
        .remove(0);
    let widgets = kc.widgets().list().activity(&clone.id).all().await.unwrap();
    assert_eq!(widgets.len(), 5);
    let updates = widgets[1..]
        .iter()
        .enumerate()
        .map(|(i, w)| WidgetUpdate::new(&w.id).title(format!("widget {}", i + 1)));
    let updated = kc.widgets().update_many(updates).await.unwrap();
    let titles: Vec<_> = updated.iter().filter_map(|w| w.title.as_deref()).collect();
    assert_eq!(titles, ["widget 1", "widget 2", "widget 3", "widget 4"]);
    acts.delete(&clone.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn delete_one_widget_and_all_widgets() {
    let Some((replay, kc)) =
        common::replay("TestWidgetManagerInActivity.test_delete_widget_stand_alone").await
    else {
        return;
    };
    let (task, widgets) = fresh_task(&kc).await;
    kc.widgets().delete(&widgets[0].id).await.unwrap();
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestWidgetManagerInActivity.test_delete_all_widgets").await
    else {
        return;
    };
    let (task, widgets) = fresh_task(&kc).await;
    kc.widgets()
        .delete_many(widgets.iter().map(|w| &w.id))
        .await
        .unwrap();
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_associations_by_every_filter() {
    let Some((replay, kc)) = common::replay("TestAssociations.test_retrieve_associations").await
    else {
        return;
    };
    let (task, grid, _) = association_setup(&kc).await;
    let list = || kc.widgets().associations().list();
    let of_grid = list().widget(&grid.id).all().await.unwrap();
    assert_eq!(of_grid.len(), 4);
    assert!(
        of_grid
            .iter()
            .all(|a| a.widget.as_deref() == Some(grid.id.as_str()))
    );
    assert!(of_grid.iter().all(|a| a.writable == Some(false)));
    assert_eq!(list().activity(&task.id).all().await.unwrap().len(), 10);
    let frame_model = "8b38dbf4-38d2-4442-b958-0f93613c2e1e";
    assert_eq!(
        list().model_part(frame_model).all().await.unwrap().len(),
        13
    );
    assert_eq!(list().instance_part(FRAME).all().await.unwrap().len(), 11);
    assert_eq!(
        list()
            .model_property(FRAME_PROPS[0])
            .all()
            .await
            .unwrap()
            .len(),
        5
    );
    let instance = "dc1eba98-ebb8-4225-aae4-604877184788";
    let by_instance = list().instance_property(instance).all().await.unwrap();
    assert_eq!(by_instance.len(), 4);
    assert!(
        by_instance
            .iter()
            .all(|a| a.instance_property.as_deref() == Some(instance))
    );
    assert_eq!(list().scope(SCOPE).all().await.unwrap().len(), 58);
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestAssociations.test_association_attributes").await
    else {
        return;
    };
    let (task, _, _) = association_setup(&kc).await;
    // A limit stops the stream: the next page (4,414 rows in all) is not fetched.
    let first = kc
        .widgets()
        .associations()
        .list()
        .limit(1)
        .all()
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].permissions["read"], true);
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn update_associations_and_a_rejected_update() {
    for (cassette, writable) in [
        ("TestAssociations.test_readable_models", false),
        ("TestAssociations.test_writable_models", true),
    ] {
        let Some((replay, kc)) = common::replay(cassette).await else {
            return;
        };
        let (task, grid, supergrid) = association_setup(&kc).await;
        let add = |widget: &Widget, ids: &[&str]| {
            let update = AssociationUpdate::new(&widget.id);
            if writable {
                update.writable(ids.iter().copied())
            } else {
                update.readable(ids.iter().copied())
            }
        };
        let assoc = kc.widgets().associations();
        let mut grid_ids = FRAME_PROPS.to_vec();
        grid_ids.push("7fed0d21-61f6-4f3b-b315-4814d7d5f996");
        let updated = assoc.update(add(&grid, &grid_ids)).await.unwrap();
        assert_eq!(updated.id, grid.id);
        let mut wheel_ids = WHEEL_PROPS.to_vec();
        wheel_ids.extend([
            "dfeb257f-6b0b-4adc-96f0-6d876d2f4c15",
            "987e9a1b-102e-40d8-8e34-1ff3d915a9cd",
            "41786848-b30e-4da5-be3e-ffb3d6081b74",
        ]);
        let updated = assoc
            .update_many([add(&supergrid, &wheel_ids)])
            .await
            .unwrap();
        assert_eq!(updated.len(), 1);
        // A scope id is no property: the server refuses it with a 400.
        let err = assoc.update(add(&supergrid, &[SCOPE])).await.unwrap_err();
        assert!(
            matches!(&err, Error::Api { detail, .. }
                if detail == "All associated properties must be instances or models."),
            "{err:?}"
        );
        kc.activities().delete(&task.id).await.unwrap();
        assert!(
            replay.unmatched().is_empty(),
            "{cassette}: {:?}",
            replay.unmatched()
        );
    }
}

#[tokio::test]
async fn set_associations_and_set_them_empty() {
    let Some((replay, kc)) = common::replay("TestAssociations.test_set_associations").await else {
        return;
    };
    let (task, grid, _) = association_setup(&kc).await;
    let mut ids = FRAME_PROPS.to_vec();
    ids.push("7fed0d21-61f6-4f3b-b315-4814d7d5f996");
    let set = kc
        .widgets()
        .associations()
        .set_many([AssociationUpdate::new(&grid.id).writable(ids)])
        .await
        .unwrap();
    assert_eq!(set[0].id, grid.id);
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestAssociations.test_set_associations_empty").await
    else {
        return;
    };
    let (task, grid, _) = association_setup(&kc).await;
    let set = kc
        .widgets()
        .associations()
        .set(AssociationUpdate::new(&grid.id))
        .await
        .unwrap();
    assert_eq!(set.widget_type, Some(WidgetType::PropertyGrid));
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn clear_and_remove_associations() {
    let Some((replay, kc)) = common::replay("TestAssociations.test_clear_associations").await
    else {
        return;
    };
    let (task, grid, _) = association_setup(&kc).await;
    let cleared = kc.widgets().associations().clear(&grid.id).await.unwrap();
    assert_eq!(cleared.id, grid.id);
    assert_eq!(cleared.activity_id.as_deref(), Some(task.id.as_str()));
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) = common::replay("TestAssociations.test_remove_associations").await
    else {
        return;
    };
    let (task, grid, _) = association_setup(&kc).await;
    let assoc = kc.widgets().associations();
    assert!(
        assoc
            .remove(&grid.id, Vec::<&str>::new())
            .await
            .unwrap()
            .is_none()
    );
    let after = assoc.remove(&grid.id, [FRAME_PROPS[0]]).await.unwrap();
    assert_eq!(after.map(|w| w.id), Some(grid.id.clone()));
    kc.activities().delete(&task.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
