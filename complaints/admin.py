# The complaints' admin pages (their models belong to this app).
import complaints.handling.admin  # noqa: F401
