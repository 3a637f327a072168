//! A time limit on reading a request body: a client that sends its body slower than the
//! limit gets 408 `request_timeout` (see [`crate::error::json_error`]) instead of holding
//! an in-flight slot for as long as it likes.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::rt::time::{sleep, Sleep};
use actix_web::web::Bytes;
use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The message of the error a late body ends with.
pub const TIMED_OUT: &str = "the request body did not arrive in time";

/// A body stream that fails with [`std::io::ErrorKind::TimedOut`] once `limit` has passed.
struct Deadline {
    inner: Payload,
    timer: Pin<Box<Sleep>>,
    expired: bool,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut this.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if this.timer.as_mut().poll(cx).is_ready() {
            this.expired = true;
            let e = std::io::Error::new(std::io::ErrorKind::TimedOut, TIMED_OUT);
            return Poll::Ready(Some(Err(PayloadError::Io(e))));
        }
        Poll::Pending
    }
}

/// The body, failing once `limit` has passed (counted from now).
pub fn within(body: Payload, limit: Duration) -> Payload {
    Payload::from(Box::pin(Deadline { inner: body, timer: Box::pin(sleep(limit)), expired: false })
        as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>)
}

/// Whether a payload error is the deadline's.
pub fn is_timeout(e: &PayloadError) -> bool {
    matches!(e, PayloadError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut)
}
