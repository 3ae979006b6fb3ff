//! The shared list request: query layout, refused arguments, the terminals and lookups.

use platform_client_core::pagination::{
    ListClient, ListItem, ListRequest, content_range_total, json_array,
};
use platform_client_core::reexports::TryStreamExt;
use platform_client_core::testing::{MockResponse, Received, TestServer, local_builder};
use platform_client_core::{Error, HttpClient, ListOptions, Paginator, Request};

/// A platform whose lists page by `offset`/`limit` with `Content-Range`.
struct Demo {
    http: HttpClient,
}

#[derive(Debug)]
enum DemoError {
    Core(Error),
    NotFound(String),
    Many(String, u64),
}

impl From<Error> for DemoError {
    fn from(e: Error) -> Self {
        DemoError::Core(e)
    }
}

impl ListClient for Demo {
    type Error = DemoError;
    const RESERVED: &'static [&'static str] = &["offset", "limit"];

    fn page_size(&self) -> u64 {
        10
    }

    fn paginator<T: ListItem>(&self, request: Request, size: u64, _: &ListOptions) -> Paginator<T> {
        let decode = json_array(content_range_total);
        Paginator::offset_limit(&self.http, request, "offset", "limit", size, decode)
    }

    fn not_found(&self, what: String) -> DemoError {
        DemoError::NotFound(what)
    }

    fn multiple_found(&self, what: String, count: u64) -> DemoError {
        DemoError::Many(what, count)
    }
}

/// `GET /items?offset=&limit=[&n=]`: items `0..n` (default 25).
fn items(r: &Received) -> MockResponse {
    let value = |key: &str, default: u64| {
        r.record
            .query_values(key)
            .first()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (total, offset, limit) = (value("n", 25), value("offset", 0), value("limit", 10));
    let end = (offset + limit).min(total);
    let page: Vec<u64> = (offset..end).collect();
    MockResponse::json(200, &page).header(
        "Content-Range",
        format!("items {offset}-{}/{total}", end.saturating_sub(1)),
    )
}

async fn demo() -> (TestServer, Demo) {
    let server = TestServer::start(items).await;
    let http = local_builder(server.base_url()).build().unwrap();
    (server, Demo { http })
}

fn pairs(request: &Request) -> Vec<(&str, &str)> {
    request
        .query_pairs()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn the_query_follows_the_layout_with_the_free_filters_at_the_star() {
    let (_server, demo) = demo().await;
    let list: ListRequest<'_, Demo, u64> = ListRequest::new(&demo, "items", "item")
        .layout(&["b", "*", "a", "fields"])
        .param("fields", "x,y")
        .param("a", 1)
        .filter("z", "9")
        .param("c", 3)
        .param("b", 2)
        .params("m", ["p", "q"])
        .filter("z", "10");
    let request = list.request().unwrap();
    assert_eq!(
        pairs(&request),
        [
            ("b", "2"),
            ("c", "3"),
            ("m", "p"),
            ("m", "q"),
            ("z", "9"),
            ("z", "10"),
            ("a", "1"),
            ("fields", "x,y")
        ]
    );
    // Replacing keeps one value; removing drops it; a filter replaces a parameter of its key.
    let list = list
        .param("m", "r")
        .remove("a")
        .param_opt("b", None::<u8>)
        .filter("c", "4");
    assert_eq!(
        pairs(&list.request().unwrap()),
        [
            ("m", "r"),
            ("z", "9"),
            ("z", "10"),
            ("c", "4"),
            ("fields", "x,y")
        ]
    );
    assert_eq!(list.get("m"), Some("r"));
}

#[tokio::test]
async fn refused_arguments_are_reported_by_every_terminal_and_nothing_is_sent() {
    let (server, demo) = demo().await;
    let reserved: ListRequest<'_, Demo, u64> =
        ListRequest::new(&demo, "items", "item").filter("offset", "3");
    let first_wins = ListRequest::<'_, Demo, u64>::new(&demo, "items", "item")
        .reject("the first")
        .reject("the second");
    let zero = ListRequest::<'_, Demo, u64>::new(&demo, "items", "item")
        .refuse_zero_limit("the limit must be at least 1");
    let mut zero = zero;
    zero.options_mut().limit = Some(0);
    let mut no_page = ListRequest::<'_, Demo, u64>::new(&demo, "items", "item");
    no_page.options_mut().page_size = Some(0);
    let checked = ListRequest::<'_, Demo, u64>::new(&demo, "items", "item")
        .check(Err::<(), Error>(Error::invalid_input("`id` is not a UUID")));

    for (list, expected) in [
        (&reserved, "`offset` cannot be a filter"),
        (&first_wins, "the first"),
        (&zero, "the limit must be at least 1"),
        (&no_page, "`page_size` must be at least 1"),
        (&checked, "`id` is not a UUID"),
    ] {
        let errors = [
            list.all().await.unwrap_err(),
            list.first().await.unwrap_err(),
            list.one().await.unwrap_err(),
            list.pages().try_next().await.unwrap_err(),
        ];
        for error in errors {
            match error {
                DemoError::Core(e) => {
                    assert!(e.is_invalid_input(), "{e}");
                    assert!(e.to_string().contains(expected), "{e} lacks {expected}");
                }
                other => panic!("{other:?}"),
            }
        }
    }
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn terminals_stream_pages_and_finish_every_item() {
    let (server, demo) = demo().await;
    let list: ListRequest<'_, Demo, u64> =
        ListRequest::new(&demo, "items", "item").finish_with(|n| *n += 1000);
    let all = list.all().await.unwrap();
    assert_eq!(all, (1000..1025).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 3);

    let pages: Vec<_> = list.pages().try_collect().await.unwrap();
    let sizes: Vec<_> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [10, 10, 5]);
    assert!(pages.iter().all(|p| p.total == Some(25)));
    assert_eq!(pages[2].items[4], 1024);

    server.clear();
    assert_eq!(list.first().await.unwrap(), Some(1000));
    let only = &server.requests()[0];
    assert_eq!(only.query_values("limit"), ["1"], "first asks for one item");

    let mut limited = list.clone();
    limited.options_mut().limit = Some(12);
    limited.options_mut().page_size = Some(5);
    assert_eq!(limited.all().await.unwrap().len(), 12);
}

#[tokio::test]
async fn one_asks_for_two_and_tells_none_one_and_many_apart() {
    let (server, demo) = demo().await;
    let list = |n: u64| ListRequest::<'_, Demo, u64>::new(&demo, "items", "item").param("n", n);

    assert_eq!(list(1).one().await.unwrap(), 0);
    match list(0).name_key("n").one().await.unwrap_err() {
        DemoError::NotFound(what) => assert_eq!(what, "item named `0`"),
        other => panic!("{other:?}"),
    }
    match list(7)
        .noun("widget")
        .param("id", 5)
        .one()
        .await
        .unwrap_err()
    {
        DemoError::Many(what, count) => {
            assert_eq!(what, "widget with id 5");
            assert_eq!(count, 7, "the count comes from the total");
        }
        other => panic!("{other:?}"),
    }
    match list(3).noun("part").param("name", "wheel").one().await {
        Err(DemoError::Many(what, 3)) => assert_eq!(what, "part named `wheel`"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 4, "one request per lookup");
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.query_values("limit") == ["2"])
    );
}
