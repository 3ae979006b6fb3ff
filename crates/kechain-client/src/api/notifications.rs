//! Notifications: list, one, get, create, delete.

use platform_client_core::Request;

use super::List;
use super::users::check_email;
use super::{check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::Result;
use crate::models::{Notification, NotificationChannel, NotificationEvent, NotificationStatus};

const LIST: &str = "api/v3/notifications.json";
/// pykechain's `API_EXTRA_PARAMS["notifications"]`; only a creation sends it, inside the form.
const FIELDS: &str = "id,subject,status,message,team,created_at,options,updated_at";

impl KechainClient {
    /// Notifications.
    pub fn notifications(&self) -> Notifications<'_> {
        Notifications { client: self }
    }
}

/// A recipient of a notification: a KE-chain user or a bare e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A user id (`pk`).
    User(u64),
    /// An e-mail address.
    Email(String),
}

impl From<u64> for Recipient {
    fn from(pk: u64) -> Self {
        Recipient::User(pk)
    }
}

impl From<&str> for Recipient {
    fn from(email: &str) -> Self {
        Recipient::Email(email.to_owned())
    }
}

impl From<String> for Recipient {
    fn from(email: String) -> Self {
        Recipient::Email(email)
    }
}

/// The notification handler: `client.notifications()`.
#[derive(Debug, Clone, Copy)]
pub struct Notifications<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Notifications<'c> {
    /// Lists notifications.
    pub fn list(&self) -> List<'c, Notification> {
        // pykechain's order: id, then the filters; no `fields`.
        List::new(self.client, LIST, "notification").with(|l| l.layout(&["id", "*"]))
    }

    /// The notification with this id.
    pub async fn get(&self, id: &str) -> Result<Notification> {
        self.list().id(id).one().await
    }

    /// Creates a notification (sent form-encoded, as the server wants).
    pub fn create(
        &self,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> CreateNotification<'c> {
        CreateNotification {
            client: self.client,
            subject: subject.into(),
            message: message.into(),
            status: NotificationStatus::Draft,
            event: None,
            recipients: Vec::new(),
            team: None,
            from_user: None,
            channel: Some(NotificationChannel::Email),
        }
    }

    /// Deletes a notification.
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("notification id", id)?;
        let request = Request::delete(format!("api/v3/notifications/{id}.json"));
        self.client.http.send(request).await?;
        Ok(())
    }
}

lookup_filters!(ids Notification, "notification");

/// The filters of [`Notifications::list`].
impl List<'_, Notification> {
    /// Only notifications with this subject.
    pub fn subject(self, subject: impl Into<String>) -> Self {
        self.filter("subject", subject)
    }

    /// Only notifications with this message.
    pub fn message(self, message: impl Into<String>) -> Self {
        self.filter("message", message)
    }

    /// Only notifications with this status.
    pub fn status(self, status: NotificationStatus) -> Self {
        self.filter("status", status.as_str())
    }

    /// Only notifications caused by this event.
    pub fn event(self, event: NotificationEvent) -> Self {
        self.filter("event", event.as_str())
    }
}

/// A notification creation; see [`Notifications::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateNotification<'c> {
    client: &'c KechainClient,
    subject: String,
    message: String,
    status: NotificationStatus,
    event: Option<NotificationEvent>,
    recipients: Vec<Recipient>,
    team: Option<String>,
    from_user: Option<u64>,
    channel: Option<NotificationChannel>,
}

impl CreateNotification<'_> {
    /// Status (default `DRAFT`).
    pub fn status(mut self, status: NotificationStatus) -> Self {
        self.status = status;
        self
    }

    /// The originating event.
    pub fn event(mut self, event: NotificationEvent) -> Self {
        self.event = Some(event);
        self
    }

    /// Adds recipients: user ids and e-mail addresses (`[Recipient::User(1), "a@b.nl".into()]`).
    pub fn recipients<R: Into<Recipient>>(
        mut self,
        recipients: impl IntoIterator<Item = R>,
    ) -> Self {
        self.recipients
            .extend(recipients.into_iter().map(Into::into));
        self
    }

    /// Limits the notification to the team with this id.
    pub fn team(mut self, team_id: impl Into<String>) -> Self {
        self.team = Some(team_id.into());
        self
    }

    /// The sender's user id. When unset, the current user is asked for first (like pykechain).
    pub fn from_user(mut self, pk: u64) -> Self {
        self.from_user = Some(pk);
        self
    }

    /// Delivery channel (default `EMAIL`).
    pub fn channel(mut self, channel: NotificationChannel) -> Self {
        self.channel = Some(channel);
        self
    }

    /// No delivery channel at all (no `channels` field is sent).
    pub fn no_channel(mut self) -> Self {
        self.channel = None;
        self
    }

    /// Creates the notification: `POST api/v3/notifications.json` with a form body holding
    /// `status, event, subject, message, recipient_users*, recipient_emails*, team, from_user,
    /// channels` and the `fields` list (in the body, as pykechain sends it).
    pub async fn send(self) -> Result<Notification> {
        check_name("the notification subject", &self.subject)?;
        check_name("the notification message", &self.message)?;
        if let Some(team) = &self.team {
            check_uuid("team id", team)?;
        }
        let mut users = Vec::new();
        let mut emails = Vec::new();
        for recipient in &self.recipients {
            match recipient {
                Recipient::User(pk) => users.push(pk.to_string()),
                Recipient::Email(email) => {
                    check_email(email)?;
                    emails.push(email.clone());
                }
            }
        }
        let from_user = match self.from_user {
            Some(pk) => pk,
            None => self.client.users().current().await?.pk,
        };
        let mut form: Vec<(&str, String)> = vec![("status", self.status.to_string())];
        form.extend(self.event.as_ref().map(|e| ("event", e.to_string())));
        form.push(("subject", self.subject.clone()));
        form.push(("message", self.message.clone()));
        form.extend(users.into_iter().map(|u| ("recipient_users", u)));
        form.extend(emails.into_iter().map(|e| ("recipient_emails", e)));
        form.extend(self.team.clone().map(|t| ("team", t)));
        form.push(("from_user", from_user.to_string()));
        form.extend(self.channel.as_ref().map(|c| ("channels", c.to_string())));
        form.push(("fields", FIELDS.to_owned()));
        let request = Request::post(LIST).form(form);
        first_result(self.client, request, "the created notification").await
    }
}
