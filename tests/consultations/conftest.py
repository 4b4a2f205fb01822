from tests.queueing.conftest import clock, issue  # noqa: F401 - shared fixtures
