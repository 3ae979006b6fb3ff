//! A synchronous facade over any async client of the workspace (feature `blocking`).
//!
//! [`Blocking`] owns a client and a current-thread tokio runtime. Every async method of the
//! client is available through it without a second, copied API:
//! [`Blocking::run`] drives one call to completion and [`Blocking::iter`] turns a list's
//! stream into a plain [`Iterator`]. Pages are fetched as the iterator advances, so memory
//! stays bounded exactly as with the async stream.
//!
//! Called from inside an async runtime (where blocking the thread would stall or panic the
//! runtime), every entry point returns [`Error::InsideAsyncRuntime`] instead of panicking:
//! use the async API with `.await` there.
//!
//! ```no_run
//! use platform_client_core::blocking::Blocking;
//! use platform_client_core::{HttpClient, Request};
//!
//! # fn main() -> platform_client_core::Result<()> {
//! let client = Blocking::new(HttpClient::builder("https://api.example.com").build()?)?;
//! let value: serde_json::Value = client.run(|c| c.send_json(Request::get("version")))?;
//! println!("{value}");
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::IntoFuture;
use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use tokio::runtime::{Builder, Handle, Runtime};

use crate::error::{Error, Result};

/// An async client driven from synchronous code: see the [module documentation](self).
pub struct Blocking<C> {
    /// The wrapped async client.
    client: C,
    /// The runtime every call runs on (current thread: no thread is started).
    runtime: Runtime,
}

impl<C> fmt::Debug for Blocking<C>
where
    C: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocking")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// Refuses to block when the current thread already runs inside a tokio runtime.
fn outside_runtime() -> Result<()> {
    match Handle::try_current() {
        Ok(_) => Err(Error::InsideAsyncRuntime),
        Err(_) => Ok(()),
    }
}

impl<C> Blocking<C> {
    /// Wraps `client` with its own current-thread runtime.
    ///
    /// Fails with [`Error::InsideAsyncRuntime`] when called inside an async runtime, and with
    /// [`Error::Config`] when the runtime cannot be started.
    pub fn new(client: C) -> Result<Self> {
        outside_runtime()?;
        let runtime = Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::config(format!("cannot start the blocking runtime: {e}")))?;
        Ok(Self { client, runtime })
    }

    /// The async client (cheap to clone, usable from an async context of your own).
    pub fn client(&self) -> &C {
        &self.client
    }

    /// Gives back the async client.
    pub fn into_inner(self) -> C {
        self.client
    }

    /// Runs one async call of the client to completion and returns its result.
    ///
    /// `call` gets the client and returns a future, or anything that turns into one (a
    /// request builder implementing [`IntoFuture`]): `b.run(|c| c.parts().get(id))`. For a call
    /// on a temporary builder, or several steps, return an async block:
    /// `b.run(|c| async move { c.scopes().list().name("Bike").one().await })`.
    /// Inside an async runtime nothing is sent and the error is
    /// [`Error::InsideAsyncRuntime`], converted into the platform's error type.
    pub fn run<'c, F, Fut, T, E>(&'c self, call: F) -> Result<T, E>
    where
        F: FnOnce(&'c C) -> Fut,
        Fut: IntoFuture<Output = Result<T, E>>,
        E: From<Error>,
    {
        outside_runtime()?;
        self.runtime
            .block_on(async move { call(&self.client).into_future().await })
    }

    /// Turns a stream of the client (a paginated list) into a blocking [`Iterator`].
    ///
    /// `list` gets the client and returns the stream:
    /// `b.iter(|c| c.parts().list().stream())`. Each `next()` waits for the next item,
    /// fetching pages as needed (with the stream's prefetch and concurrency, if set).
    pub fn iter<'c, F, S, T, E>(&'c self, list: F) -> BlockingIter<'c, S>
    where
        F: FnOnce(&'c C) -> S,
        S: Stream<Item = Result<T, E>>,
        E: From<Error>,
    {
        // Some streams start work when they are built: build it inside the runtime.
        let stream = match outside_runtime() {
            Ok(()) => {
                let _entered = self.runtime.enter();
                Some(Box::pin(list(&self.client)))
            }
            Err(_) => None,
        };
        BlockingIter {
            runtime: &self.runtime,
            stream,
            done: false,
        }
    }
}

/// The blocking [`Iterator`] over a stream, made by [`Blocking::iter`].
///
/// It ends when the stream ends. Inside an async runtime its only item is
/// [`Error::InsideAsyncRuntime`].
pub struct BlockingIter<'c, S> {
    /// The runtime of the [`Blocking`] client.
    runtime: &'c Runtime,
    /// The stream; `None` when it could not be built (inside a runtime).
    stream: Option<Pin<Box<S>>>,
    /// Whether the stream has ended (or the one error was given).
    done: bool,
}

impl<S> fmt::Debug for BlockingIter<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingIter")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<S, T, E> Iterator for BlockingIter<'_, S>
where
    S: Stream<Item = Result<T, E>>,
    E: From<Error>,
{
    type Item = Result<T, E>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (Ok(()), Some(stream)) = (outside_runtime(), self.stream.as_mut()) else {
            self.done = true;
            return Some(Err(Error::InsideAsyncRuntime.into()));
        };
        let item = self.runtime.block_on(stream.next());
        self.done = item.is_none();
        item
    }
}

impl<S, T, E> std::iter::FusedIterator for BlockingIter<'_, S>
where
    S: Stream<Item = Result<T, E>>,
    E: From<Error>,
{
}
