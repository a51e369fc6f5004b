"""Search that forgives: accent folding, the author's name, and a vocabulary for suggestions.

PostgreSQL cannot change a stored generated column's expression in place (before 17), so the
two search vectors are dropped and added again with the ``newsroom`` text search
configuration; that rewrites the article table once.

``unaccent`` and ``pg_trgm`` ship with PostgreSQL's contrib modules, which a server install
has and the embedded development server (the pgserver package) lacks. Where ``unaccent`` is
missing the configuration is plain English (no accent folding); where ``pg_trgm`` is missing
the ``%`` and ``<->`` operators on text are defined here in SQL with the same meaning
(trigram similarity of at least 0.3, and one minus the similarity), without an index, so the
same suggestion query runs on both. docs/architecture.md says the same.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import migrations, models

CONFIG = "newsroom"

FALLBACK_TRIGRAM_OPERATORS = """
CREATE FUNCTION newsroom_trigrams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg(DISTINCT substr(padded, i, 3))
    FROM (SELECT '  ' || lower($1) || ' ' AS padded) AS word,
         generate_series(1, length(padded) - 2) AS i
$$;
CREATE FUNCTION newsroom_trigram_similarity(text, text) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(
        cardinality(ARRAY(SELECT unnest(newsroom_trigrams($1))
                          INTERSECT SELECT unnest(newsroom_trigrams($2))))::real
        / nullif(cardinality(ARRAY(SELECT unnest(newsroom_trigrams($1))
                                   UNION SELECT unnest(newsroom_trigrams($2)))), 0),
        0)
$$;
CREATE FUNCTION newsroom_trigram_similar(text, text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT newsroom_trigram_similarity($1, $2) >= 0.3
$$;
CREATE FUNCTION newsroom_trigram_distance(text, text) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 1 - newsroom_trigram_similarity($1, $2)
$$;
CREATE OPERATOR % (LEFTARG = text, RIGHTARG = text, FUNCTION = newsroom_trigram_similar);
CREATE OPERATOR <-> (LEFTARG = text, RIGHTARG = text, FUNCTION = newsroom_trigram_distance);
"""

DROP_FALLBACK_TRIGRAM_OPERATORS = """
DROP OPERATOR IF EXISTS <-> (text, text);
DROP OPERATOR IF EXISTS % (text, text);
DROP FUNCTION IF EXISTS newsroom_trigram_distance(text, text);
DROP FUNCTION IF EXISTS newsroom_trigram_similar(text, text);
DROP FUNCTION IF EXISTS newsroom_trigram_similarity(text, text);
DROP FUNCTION IF EXISTS newsroom_trigrams(text);
"""


def _extension(cursor, name):
    """Create extension ``name`` if this server ships it; tell whether it is there."""
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [name])
    if cursor.fetchone() is None:
        return False
    cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    return True


def create_search_configuration(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
        if _extension(cursor, "unaccent"):
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
            )


def drop_search_configuration(apps, schema_editor):
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def create_trigram_search(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if _extension(cursor, "pg_trgm"):
            cursor.execute(
                "CREATE INDEX articles_searchterm_trigrams "
                "ON articles_searchterm USING gin (word gin_trgm_ops)"
            )
        else:
            cursor.execute(FALLBACK_TRIGRAM_OPERATORS)


def drop_trigram_search(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS articles_searchterm_trigrams")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            # Our own operators only; pg_trgm's belong to the extension. (No parameters:
            # the SQL names the % operator.)
            cursor.execute(DROP_FALLBACK_TRIGRAM_OPERATORS, None)


def copy_bylines(apps, schema_editor):
    schema_editor.execute(
        """
        UPDATE articles_article AS article
        SET author_name = coalesce(
            profile.display_name,
            nullif(trim(account.first_name || ' ' || account.last_name), ''),
            account.username)
        FROM accounts_user AS account
        LEFT JOIN accounts_authorprofile AS profile ON profile.user_id = account.id
        WHERE account.id = article.author_id
        """
    )


def learn_published_words(apps, schema_editor):
    from articles.search import rebuild_vocabulary

    rebuild_vocabulary(using=schema_editor.connection.alias)


def headline_vector():
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("tag_names", weight="B", config=CONFIG)
        + SearchVector("dek", weight="B", config=CONFIG)
        + SearchVector("author_name", weight="B", config=CONFIG)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_writer_and_moderator_groups"),
        ("articles", "0006_repair_tag_slugs"),
    ]

    operations = [
        migrations.RunPython(create_search_configuration, drop_search_configuration),
        migrations.AddField(
            model_name="article",
            name="author_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=100),
        ),
        migrations.RunPython(copy_bylines, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="article", name="article_search"),
        migrations.RemoveField(model_name="article", name="search_vector"),
        migrations.RemoveField(model_name="article", name="rank_vector"),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=headline_vector() + SearchVector("body", weight="C", config=CONFIG),
                output_field=SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="rank_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=headline_vector(),
                output_field=SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=GinIndex(fields=["search_vector"], name="article_search"),
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, unique=True)),
                (
                    "articles",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Public articles using the word at the last rebuild, plus "
                        "those published since; of two equally close words, the commoner one "
                        "is suggested.",
                    ),
                ),
            ],
            options={"ordering": ["word"]},
        ),
        migrations.RunPython(create_trigram_search, drop_trigram_search),
        migrations.RunPython(learn_published_words, migrations.RunPython.noop),
    ]
