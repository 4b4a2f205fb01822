"""The knowledge base: articles and the search log.

The two GIN indexes (full-text vector; trigrams of the title, for typo-tolerant search) exist
on PostgreSQL only: on SQLite the operations keep the model state and create nothing, and the
search there does without them (consultations/knowledge/selectors.py)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class PostgresOnlyAddIndex(migrations.AddIndex):
    """AddIndex that builds the index on PostgreSQL only (GIN does not exist elsewhere)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_online_consultation"),
        ("pst", "0006_constraint_messages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        # Skipped on other databases.
        TrigramExtension(),
        migrations.CreateModel(
            name="Article",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "slug",
                    models.SlugField(
                        help_text="The last part of the article's address: letters, digits and hyphens.",
                        max_length=120,
                        verbose_name="address",
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        help_text="Markdown: **bold**, lists, [links](https://…).",
                        verbose_name="text",
                    ),
                ),
                (
                    "links",
                    models.TextField(
                        blank=True,
                        help_text="One address per line (https://…).",
                        verbose_name="links to BPS tables and publications",
                    ),
                ),
                ("is_published", models.BooleanField(default=False, verbose_name="published")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                (
                    "client_request_id",
                    models.UUIDField(blank=True, editable=False, null=True, unique=True),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: a national article, shown by every office.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="pst.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "subject_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="consultations.subjectarea",
                        verbose_name="subject area",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "knowledge-base article",
                "verbose_name_plural": "knowledge-base articles",
                "ordering": ["title"],
            },
        ),
        migrations.CreateModel(
            name="SearchLog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("query", models.CharField(max_length=200, verbose_name="query")),
                ("result_count", models.PositiveIntegerField(verbose_name="results")),
                (
                    "searched_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="searched at"),
                ),
                (
                    "opened_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="opened at"),
                ),
                (
                    "article_opened",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="consultations.article",
                        verbose_name="article opened",
                    ),
                ),
                (
                    "consultation_followed",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="consultations.consultation",
                        verbose_name="consultation that followed",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="pst.office",
                        verbose_name="office",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "knowledge-base search",
                "verbose_name_plural": "knowledge-base searches",
                "ordering": ["-searched_at"],
            },
        ),
        PostgresOnlyAddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="article_search_vector"
            ),
        ),
        PostgresOnlyAddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="article_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["subject_area", "is_published"], name="article_subject"),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("office", "slug"),
                name="article_slug_unique_in_office",
                violation_error_message="This office already has an article at this address.",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("office__isnull", True)),
                fields=("slug",),
                name="article_slug_unique_national",
                violation_error_message="A national article already has this address.",
            ),
        ),
        migrations.AddIndex(
            model_name="searchlog",
            index=models.Index(fields=["office", "searched_at"], name="searchlog_office_time"),
        ),
    ]
