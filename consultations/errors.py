"""The consultations' domain error, in a module of its own so that the walk-in record, the
online lifecycle, the conversation and the knowledge base raise the same one."""

from pst.errors import DomainError


class ConsultationError(DomainError):
    """A consultation action that cannot be done."""
