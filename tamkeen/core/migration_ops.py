"""Migration operations for a live database (docs/deploy.md: releases add indexes without downtime).

A migration using them sets ``atomic = False``: PostgreSQL cannot build an index ``CONCURRENTLY`` inside a
transaction. Other databases (SQLite for the demo and tests) build the index the ordinary way, which
``django.contrib.postgres.operations.AddIndexConcurrently`` does not allow.
"""

from django.db import migrations


class AddIndexConcurrently(migrations.AddIndex):
    """``AddIndex`` that does not lock the table's writes on PostgreSQL while the index builds."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, self.index, concurrently=True)
        else:
            schema_editor.remove_index(model, self.index)
