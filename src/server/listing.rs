//! A list of every match sent as it is read: the rows are rendered on a blocking task into a
//! bounded channel of pieces, which the HTTP body reads, so the server's memory does not grow with
//! the table (issue 8: ~350 MB per 100k-row list held whole).
//!
//! The reader connection stays with the list until its last row. A client that stops reading
//! would keep it: a piece its client has not taken for the answer timeout (`--idle-timeout`)
//! ends the list, which gives the reader back and breaks the answer off.

use std::io;
use std::ops::ControlFlow;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use hyper::body::Frame;
use tokio::sync::{mpsc, OwnedSemaphorePermit};
use tokio::time::Instant;

use super::protocol::{Call, WireAnswer};
use super::App;

/// Pieces rendered ahead of what the client has taken: with `LIST_PIECE` bytes each, what a list
/// holds in memory beside hyper's own buffer.
const PIECES_AHEAD: usize = 4;

/// What the blocking task hands the body.
enum Piece {
    /// Part of the body; more follows.
    More(Bytes),
    /// The end of the body.
    Last(Bytes),
    /// The list was refused before its first piece.
    Refused(WireAnswer),
}

/// How a list is answered: whole, when it fit in one piece or was refused, else streamed.
pub enum Answer {
    Whole(WireAnswer),
    Streamed(Body),
}

/// Runs `call`, a list of every match, on a reader (`turn` is the right to one). The answer's
/// status is known once the first piece (or the refusal, or the end) has come, so the 200 head is
/// not sent before then.
pub async fn answer(
    app: &Arc<App>,
    call: Call,
    turn: OwnedSemaphorePermit,
    deadline: Instant,
) -> Answer {
    let (sender, mut pieces) = mpsc::channel(PIECES_AHEAD);
    let runtime = tokio::runtime::Handle::current();
    let app = app.clone();
    let task = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let patience = deadline.saturating_duration_since(Instant::now());
        let (lock_timeout, stall) = (app.lock_timeout, app.answer_timeout);
        let hand = |piece: Piece| runtime.block_on(send(&sender, piece, stall));
        let mut sent_any = false;
        // A piece that could not be handed on (the client went, or stopped reading) stops the
        // list early, which the service reports as a list that ended: the end must not be sent
        // then, or the client would take what it got for the whole list.
        let mut cut_off = false;
        let streamed = app.database.read(|store| {
            call.stream(store, patience, lock_timeout, |bytes| {
                sent_any = true;
                let handed = hand(Piece::More(bytes.into()));
                cut_off = handed.is_break();
                handed
            })
        });
        let _ = match streamed {
            Ok(_) if cut_off => ControlFlow::Break(()),
            Ok(last) => hand(Piece::Last(last.into())),
            Err(refusal) if !sent_any => hand(Piece::Refused(refusal)),
            // Refused after pieces went out (the database failed partway): the body breaks off.
            Err(_) => ControlFlow::Break(()),
        };
    });
    match pieces.recv().await {
        Some(Piece::Refused(answer)) => Answer::Whole(answer),
        Some(Piece::Last(bytes)) => Answer::Whole(WireAnswer {
            status: 200,
            body: String::from_utf8(bytes.into()).expect("the rendered list is UTF-8"),
        }),
        Some(Piece::More(first)) => Answer::Streamed(Body::new(Streamed {
            first: Some(first),
            pieces,
            ended: false,
        })),
        // The task ended without a word: it panicked.
        None => Answer::Whole(WireAnswer::error(
            500,
            "InternalServerException",
            &match task.await {
                Err(err) => err.to_string(),
                Ok(()) => "the list ended without an answer".to_string(),
            },
        )),
    }
}

/// Hands `piece` on, waiting at most `stall` for room; says stop when the body is gone or its
/// client has not read for that long.
async fn send(sender: &mpsc::Sender<Piece>, piece: Piece, stall: Duration) -> ControlFlow<()> {
    match tokio::time::timeout(stall, sender.send(piece)).await {
        Ok(Ok(())) => ControlFlow::Continue(()),
        Ok(Err(_)) | Err(_) => ControlFlow::Break(()),
    }
}

/// The body of a streamed list. It ends with an error, which makes hyper break the connection off
/// rather than end the body cleanly, when the pieces stop before the last.
struct Streamed {
    first: Option<Bytes>,
    pieces: mpsc::Receiver<Piece>,
    ended: bool,
}

impl HttpBody for Streamed {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        if self.ended {
            return Poll::Ready(None);
        }
        let piece = std::task::ready!(self.pieces.poll_recv(cx));
        Poll::Ready(Some(match piece {
            Some(Piece::More(bytes)) => Ok(Frame::data(bytes)),
            Some(Piece::Last(bytes)) => {
                self.ended = true;
                Ok(Frame::data(bytes))
            }
            Some(Piece::Refused(_)) | None => {
                self.ended = true;
                Err(io::Error::other("the list stopped before its end"))
            }
        }))
    }

    fn is_end_stream(&self) -> bool {
        self.ended && self.first.is_none()
    }
}
