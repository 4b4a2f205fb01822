"""The queue's domain error, in a module of its own so that every queueing module (desks,
services, the guestbook) raises the same one without importing each other."""

from pst.errors import DomainError


class QueueError(DomainError):
    """A queue action that cannot be done."""
