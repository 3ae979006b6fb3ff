//! Administration against the real vantage6 server 4.15.2: organisations, collaborations,
//! nodes, users, roles and rules, and lists over several pages.

use std::collections::BTreeSet;

use contract_tests::vantage6_server::{
    PASSWORD, assert_gone, create_node, login, new_org, new_user, role_id, root, unique, v6_env,
};
use futures_util::TryStreamExt;
use futures_util::future::join_all;
use vantage6_client::models::{NodeStatus, RuleOperation, RuleScope};
use vantage6_client::{Error, Vantage6Client};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizations_are_created_read_listed_and_updated() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let name = unique("org");
    let country = unique("land");
    let org = v6
        .organization()
        .create(&name)
        .address1("Main street 1")
        .address2("Floor 2")
        .zipcode("1234 AB")
        .country(&country)
        .domain("org.example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(org.name, name);
    assert_eq!(org.country.as_deref(), Some(&*country));
    assert!(!org.has_public_key());
    let other = v6
        .organization()
        .create(unique("org"))
        .country(&country)
        .send()
        .await
        .unwrap();

    let read = v6.organization().get(org.id).await.unwrap();
    assert_eq!(read, org);
    assert_eq!(read.address1.as_deref(), Some("Main street 1"));
    assert_eq!(read.zipcode.as_deref(), Some("1234 AB"));
    assert_eq!(read.domain.as_deref(), Some("org.example.org"));

    let by_name = v6.organization().list().name(&name).send().await.unwrap();
    assert_eq!(by_name.data, std::slice::from_ref(&org));
    assert_eq!(by_name.total_count, Some(1));
    let by_country = v6
        .organization()
        .list()
        .country(&country)
        .all()
        .await
        .unwrap();
    let ids: BTreeSet<u64> = by_country.iter().map(|o| o.id).collect();
    assert_eq!(ids, BTreeSet::from([org.id, other.id]));

    // Only the fields given change.
    let updated = v6
        .organization()
        .update(org.id)
        .address1("New street 2")
        .zipcode("9999 ZZ")
        .send()
        .await
        .unwrap();
    assert_eq!(updated.address1.as_deref(), Some("New street 2"));
    assert_eq!(updated.zipcode.as_deref(), Some("9999 ZZ"));
    assert_eq!(updated.address2.as_deref(), Some("Floor 2"));
    assert_eq!(updated.name, name);
    let renamed = v6
        .organization()
        .update(org.id)
        .name(format!("{name}-renamed"))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.name, format!("{name}-renamed"));
    assert_eq!(v6.organization().get(org.id).await.unwrap(), renamed);
    // The own organisation of root.
    assert_eq!(v6.organization().own().await.unwrap().id, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collaborations_filter_on_encryption_and_change_members() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let (a, b, c) = tokio::join!(
        new_org(&v6, "collab"),
        new_org(&v6, "collab"),
        new_org(&v6, "collab")
    );
    let prefix = unique("collab");
    let plain = v6
        .collaboration()
        .create(&format!("{prefix}-plain"), &[a.id, b.id], false)
        .await
        .unwrap();
    let encrypted = v6
        .collaboration()
        .create(&format!("{prefix}-encrypted"), &[a.id, b.id], true)
        .await
        .unwrap();
    assert!(!plain.encrypted && encrypted.is_encrypted());
    assert_eq!(v6.collaboration().get(plain.id).await.unwrap(), plain);
    assert_eq!(
        v6.collaboration().get(encrypted.id).await.unwrap(),
        encrypted
    );

    let like = format!("{prefix}%");
    let both = v6.collaboration().list().name(&like).all().await.unwrap();
    assert_eq!(both.len(), 2);
    let only_encrypted = v6
        .collaboration()
        .list()
        .name(&like)
        .encrypted(true)
        .all()
        .await
        .unwrap();
    assert_eq!(only_encrypted, std::slice::from_ref(&encrypted));
    let only_plain = v6
        .collaboration()
        .list()
        .name(&like)
        .encrypted(false)
        .all()
        .await
        .unwrap();
    assert_eq!(only_plain, std::slice::from_ref(&plain));
    let of_a = v6
        .collaboration()
        .list()
        .organization(a.id)
        .all()
        .await
        .unwrap();
    assert_eq!(of_a.len(), 2);

    // Members: add C, then remove it again.
    let members = v6
        .collaboration()
        .add_organization(plain.id, c.id)
        .await
        .unwrap();
    let ids: BTreeSet<u64> = members.iter().map(|o| o.id).collect();
    assert_eq!(ids, BTreeSet::from([a.id, b.id, c.id]));
    let listed = v6
        .organization()
        .list()
        .collaboration(plain.id)
        .all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
    let members = v6
        .collaboration()
        .remove_organization(plain.id, c.id)
        .await
        .unwrap();
    let ids: BTreeSet<u64> = members.iter().map(|o| o.id).collect();
    assert_eq!(ids, BTreeSet::from([a.id, b.id]));

    let renamed = v6
        .collaboration()
        .update(plain.id)
        .name(format!("{prefix}-renamed"))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.name, format!("{prefix}-renamed"));
    assert!(!renamed.encrypted);
    v6.collaboration()
        .delete(encrypted.id, false)
        .await
        .unwrap();
    assert_gone(v6.collaboration().get(encrypted.id).await, |c| {
        c.name == encrypted.name
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_are_created_renamed_listed_and_deleted() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let org = new_org(&v6, "nodes").await;
    let collaboration = v6
        .collaboration()
        .create(&unique("nodes"), &[org.id], false)
        .await
        .unwrap();
    // The server names a node unless told.
    let node = v6
        .node()
        .create(collaboration.id)
        .organization(org.id)
        .send()
        .await
        .unwrap();
    assert!(!node.api_key().is_empty());
    assert!(!format!("{node:?}").contains(node.api_key()));
    assert_eq!(
        node.name.as_deref(),
        Some(&*format!("{} - {} Node", org.name, collaboration.name))
    );
    assert_eq!(node.organization.as_ref().unwrap().id, org.id);
    assert_eq!(node.collaboration.as_ref().unwrap().id, collaboration.id);

    let read = v6.node().get(node.id).await.unwrap();
    assert_eq!(read, node.node);
    assert!(!read.is_online());
    let listed = v6
        .node()
        .list()
        .collaboration(collaboration.id)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.data, std::slice::from_ref(&read));
    let offline = v6
        .node()
        .list()
        .organization(org.id)
        .status(NodeStatus::Offline)
        .all()
        .await
        .unwrap();
    assert_eq!(offline, std::slice::from_ref(&read));
    let online = v6
        .node()
        .list()
        .organization(org.id)
        .status(NodeStatus::Online)
        .all()
        .await
        .unwrap();
    assert!(online.is_empty());

    let new_name = unique("renamed-node");
    let renamed = v6
        .node()
        .update(node.id)
        .name(&new_name)
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some(&*new_name));
    let by_name = v6.node().list().name(&new_name).all().await.unwrap();
    assert_eq!(by_name.len(), 1);

    // An offline node cannot be told to kill its tasks.
    let err = v6.node().kill_tasks(node.id).await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(err.message().unwrap().contains("not online"), "{err:?}");

    let answer = v6.node().delete(node.id).await.unwrap();
    assert!(answer.msg.contains("deleted"), "{}", answer.msg);
    assert_gone(v6.node().get(node.id).await, |n| n.name == renamed.name);

    // A node of the caller's own organisation by default: root's is not in the collaboration.
    let err = v6.node().create(collaboration.id).send().await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    // A deleted node leaves room for a new one of the same organisation.
    let second = create_node(&v6, collaboration.id, org.id).await;
    assert!(!second.api_key().is_empty());
    // With its dependents (the node) the collaboration goes.
    let err = v6
        .collaboration()
        .delete(collaboration.id, false)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(err.message().unwrap().contains("1 nodes"), "{err:?}");
    v6.collaboration()
        .delete(collaboration.id, true)
        .await
        .unwrap();
    assert_gone(v6.node().get(second.id).await, |n| n.name == second.name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_are_created_listed_and_their_roles_replaced() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let org = new_org(&v6, "users").await;
    let (researcher, viewer) = tokio::join!(role_id(&v6, "Researcher"), role_id(&v6, "Viewer"));
    let user = new_user(&v6, "user", org.id, &[researcher]).await;
    assert_eq!(user.organization_id(), Some(org.id));
    assert_eq!(
        user.email.as_deref(),
        Some(&*format!("{}@example.org", user.username))
    );
    assert!(!user.has_otp_secret);

    let read = v6.user().get(user.id).await.unwrap();
    assert_eq!((read.id, &read.username), (user.id, &user.username));
    let in_org = v6.user().list().organization(org.id).all().await.unwrap();
    assert_eq!(in_org.iter().map(|u| u.id).collect::<Vec<_>>(), [user.id]);
    let by_name = v6
        .user()
        .list()
        .username(&user.username)
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.data.len(), 1);
    let by_role = v6
        .user()
        .list()
        .organization(org.id)
        .role(researcher)
        .all()
        .await
        .unwrap();
    assert_eq!(by_role.len(), 1);
    let by_email = v6
        .user()
        .list()
        .email(user.email.clone().unwrap())
        .all()
        .await
        .unwrap();
    assert_eq!(by_email.len(), 1);

    // Roles are replaced, other fields stay.
    let updated = v6
        .user()
        .update(user.id)
        .roles([viewer])
        .firstname("Renamed")
        .send()
        .await
        .unwrap();
    assert_eq!(updated.firstname.as_deref(), Some("Renamed"));
    assert_eq!(updated.lastname.as_deref(), Some("User"));
    let roles = v6.role().list().user(user.id).all().await.unwrap();
    assert_eq!(roles.iter().map(|r| r.id).collect::<Vec<_>>(), [viewer]);
    let by_old_role = v6
        .user()
        .list()
        .organization(org.id)
        .role(researcher)
        .all()
        .await
        .unwrap();
    assert!(by_old_role.is_empty());

    // The user sees and edits themself.
    let own = login(&env.url, &user.username, PASSWORD).await;
    assert_eq!(own.user().own().await.unwrap().id, user.id);
    let edited = own
        .user()
        .update_own()
        .lastname("Self")
        .send()
        .await
        .unwrap();
    assert_eq!(edited.lastname.as_deref(), Some("Self"));

    // An invalid e-mail address: the server's field errors.
    let err = v6
        .user()
        .create(unique("bad"), "A", "B", PASSWORD, "not-an-address")
        .organization(org.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    let Error::Api { errors, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(errors.as_ref().unwrap().get("email").is_some(), "{err:?}");
}

/// The ids of a role's rules.
async fn rules_of(v6: &Vantage6Client, role: u64) -> BTreeSet<u64> {
    let rules = v6.rule().list().role(role).all().await.unwrap();
    rules.iter().map(|r| r.id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_are_created_updated_with_given_fields_only_and_deleted() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let org = new_org(&v6, "roles").await;
    let view_rules = v6
        .rule()
        .list()
        .operation(RuleOperation::View)
        .scope(RuleScope::Organization)
        .all()
        .await
        .unwrap();
    let rule_ids: Vec<u64> = view_rules.iter().take(3).map(|r| r.id).collect();
    assert_eq!(rule_ids.len(), 3);

    let name = unique("role");
    let role = v6
        .role()
        .create(&name, "three view rules", rule_ids.clone())
        .organization(org.id)
        .send()
        .await
        .unwrap();
    assert_eq!(role.name, name);
    assert!(!role.is_default_role);
    assert_eq!(role.organization.as_ref().unwrap().id, org.id);
    assert_eq!(v6.role().get(role.id).await.unwrap(), role);
    let of_org = v6.role().list().organization(org.id).all().await.unwrap();
    assert_eq!(of_org, std::slice::from_ref(&role));
    let with_defaults = v6
        .role()
        .list()
        .organization(org.id)
        .include_root(true)
        .all()
        .await
        .unwrap();
    assert!(with_defaults.len() > 1);
    assert!(with_defaults.iter().any(|r| r.name == "Researcher"));
    let by_rule = v6.role().list().rule(rule_ids[0]).all().await.unwrap();
    assert!(by_rule.iter().any(|r| r.id == role.id));

    // Only the description is sent (the Python client sends nulls and gets a 400).
    let updated = v6
        .role()
        .update(role.id)
        .description("renamed nothing")
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name, name);
    assert_eq!(updated.description.as_deref(), Some("renamed nothing"));
    let ids = rules_of(&v6, role.id).await;
    assert_eq!(ids, rule_ids.iter().copied().collect());
    // Rules are replaced.
    v6.role()
        .update(role.id)
        .rules([rule_ids[0]])
        .send()
        .await
        .unwrap();
    let ids = rules_of(&v6, role.id).await;
    assert_eq!(ids, BTreeSet::from([rule_ids[0]]));

    // Default roles stay as they are.
    let researcher = role_id(&v6, "Researcher").await;
    let err = v6
        .role()
        .update(researcher)
        .description("no")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(err.message().unwrap().contains("default role"), "{err:?}");

    let answer = v6.role().delete(role.id, false).await.unwrap();
    assert!(answer.msg.contains("removed"), "{}", answer.msg);
    assert_gone(v6.role().get(role.id).await, |r| r.name == role.name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_are_read_and_filtered() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let first = v6.rule().list().per_page(5).send().await.unwrap();
    let all = v6.rule().list().all().await.unwrap();
    assert_eq!(first.total_count, Some(all.len() as u64));
    assert!(all.len() > 50, "4.15.2 has 86 rules: {}", all.len());
    assert_eq!(first.data, all[..5]);
    let rule = v6.rule().get(all[7].id).await.unwrap();
    assert_eq!(rule, all[7]);

    let edits = v6
        .rule()
        .list()
        .operation(RuleOperation::Edit)
        .all()
        .await
        .unwrap();
    assert!(!edits.is_empty());
    assert!(edits.iter().all(|r| r.operation == RuleOperation::Edit));
    let global = v6
        .rule()
        .list()
        .scope(RuleScope::Global)
        .all()
        .await
        .unwrap();
    assert!(global.iter().all(|r| r.scope == RuleScope::Global));
    let task_rules = v6.rule().list().name("task").all().await.unwrap();
    assert!(task_rules.iter().all(|r| r.name == "task"));

    let researcher = role_id(&v6, "Researcher").await;
    let of_role = v6.rule().list().role(researcher).all().await.unwrap();
    assert!(of_role.iter().any(|r| r.name == "task"
        && r.operation == RuleOperation::Create
        && r.scope == RuleScope::Collaboration));
    assert!(of_role.len() < all.len());
    let of_root = v6.rule().list().user(1).all().await.unwrap();
    assert_eq!(of_root.len(), all.len(), "root has every rule");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_go_over_every_page_once() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let prefix = unique("page");
    let created =
        join_all((0..25).map(|i| v6.organization().create(format!("{prefix}-{i:02}")).send()))
            .await;
    let ids: BTreeSet<u64> = created.into_iter().map(|o| o.unwrap().id).collect();
    assert_eq!(ids.len(), 25);
    let like = format!("{prefix}-%");

    let first = v6
        .organization()
        .list()
        .name(&like)
        .per_page(10)
        .send()
        .await
        .unwrap();
    assert_eq!(first.total_count, Some(25));
    assert_eq!(first.data.len(), 10);
    assert!(first.links.next.as_deref().unwrap().contains("page=2"));
    assert!(first.links.previous.is_none());
    let last = v6
        .organization()
        .list()
        .name(&like)
        .per_page(10)
        .page(3)
        .send()
        .await
        .unwrap();
    assert_eq!(last.data.len(), 5);
    assert!(last.links.next.is_none());
    let past = v6
        .organization()
        .list()
        .name(&like)
        .per_page(10)
        .page(4)
        .send()
        .await
        .unwrap();
    assert!(past.data.is_empty());

    let all = v6
        .organization()
        .list()
        .name(&like)
        .per_page(10)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 25, "no repeats");
    assert_eq!(all.iter().map(|o| o.id).collect::<BTreeSet<_>>(), ids);
    let streamed: Vec<u64> = v6
        .organization()
        .list()
        .name(&like)
        .per_page(7)
        .sort("-id")
        .stream()
        .map_ok(|o| o.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len(), 25);
    assert!(streamed.windows(2).all(|w| w[0] > w[1]), "sorted by -id");
    assert_eq!(streamed.into_iter().collect::<BTreeSet<_>>(), ids);
    // The client's own page size (100) takes one page.
    let default_size = v6.organization().list().name(&like).all().await.unwrap();
    assert_eq!(default_size.len(), 25);
}
