"""Moving the test database's schema to given migrations and back, for the tests of a data
migration (tests/pst/test_migration_bounds.py, tests/consultations/
test_first_answer_migration.py)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def migrate_to_latest() -> None:
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
