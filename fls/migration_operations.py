"""Migration operations Django does not provide."""
from django.db.migrations.operations.base import Operation


class SameSiteAsEpisode(Operation):
    """On PostgreSQL, a foreign key from (episode_id, site_id) of `model_name` to the episode's (id, site_id)
    (the unique constraint patients.FractureEpisode episode_with_its_site): a record's copy of its episode's site
    can never differ from it, and an episode's site cannot change while such a record refers to it. Checked
    at once (not deferred): the episode always exists before the records that copy its site.

    Django has no composite foreign key, so this lives in the database alone; SQLite (the embedded default,
    for development) declares a table's foreign keys only when it creates the table, so there the services
    alone keep the copies, as they do on PostgreSQL (they set the copy from the locked episode)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, name: str):
        self.model_name = model_name
        self.name = name

    def state_forwards(self, app_label, state):
        pass  # nothing Django's model state knows of

    def _tables(self, app_label, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        episode = to_state.apps.get_model("patients", "FractureEpisode")
        return model._meta.db_table, episode._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, episodes = self._tables(app_label, to_state)
        q = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(self.name)} FOREIGN KEY ({q('episode_id')}, {q('site_id')}) "
            f"REFERENCES {q(episodes)} ({q('id')}, {q('site_id')}) ON UPDATE NO ACTION ON DELETE NO ACTION")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, _ = self._tables(app_label, from_state)
        q = schema_editor.quote_name
        schema_editor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(self.name)}")

    def describe(self):
        return f"On PostgreSQL, {self.model_name}'s site is its episode's (foreign key {self.name})"

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"model_name": self.model_name, "name": self.name}
