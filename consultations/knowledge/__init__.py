"""The knowledge base (DESIGN §3): articles officers write and the public searches before
opening a consultation, and the log of those searches. Its models belong to the
`consultations` app (consultations/models.py imports them)."""
