"""The embedded PostgreSQL starts from nothing and is reused on the next start."""

import psycopg
import pytest

from newsroom.database import start_embedded_postgres, stop_embedded_postgres


@pytest.fixture
def data_dir(tmp_path_factory):
    # A short path: PostgreSQL's Unix socket path must stay under ~100 characters.
    path = tmp_path_factory.mktemp("pg") / "data"
    yield path
    stop_embedded_postgres(path)


def connect(database):
    return psycopg.connect(dbname=database["NAME"], user=database["USER"], host=database["HOST"])


def test_embedded_postgres_starts_from_an_empty_folder_and_is_reused(data_dir):
    assert not data_dir.exists()

    first = start_embedded_postgres(data_dir)
    with connect(first) as connection:
        connection.execute("CREATE TABLE marker (id int)")
        connection.execute("INSERT INTO marker VALUES (42)")
    pid = (data_dir / "postmaster.pid").read_text().split()[0]

    second = start_embedded_postgres(data_dir)
    assert second == first
    assert (data_dir / "postmaster.pid").read_text().split()[0] == pid
    with connect(second) as connection:
        assert connection.execute("SELECT id FROM marker").fetchone() == (42,)
        version = connection.execute("SHOW server_version_num").fetchone()[0]
    assert int(version) >= 150000


def test_embedded_postgres_restarts_after_a_stop_and_keeps_data(data_dir):
    database = start_embedded_postgres(data_dir)
    with connect(database) as connection:
        connection.execute("CREATE TABLE kept (id int)")
    assert stop_embedded_postgres(data_dir) is True
    with pytest.raises(psycopg.OperationalError):
        connect(database).close()

    database = start_embedded_postgres(data_dir)
    with connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM kept").fetchone() == (0,)


def test_stopping_a_server_that_never_ran_is_harmless(data_dir):
    assert stop_embedded_postgres(data_dir) is False


def test_stop_survives_an_empty_process_list_and_stops_the_server(data_dir):
    database = start_embedded_postgres(data_dir)
    (data_dir / ".handle_pids.json").write_text("")  # as a killed process can leave it

    assert stop_embedded_postgres(data_dir) is True

    assert not (data_dir / "postmaster.pid").exists()
    with pytest.raises(psycopg.OperationalError):
        connect(database).close()


def test_start_survives_an_empty_process_list(data_dir):
    start_embedded_postgres(data_dir)
    stop_embedded_postgres(data_dir)
    (data_dir / ".handle_pids.json").write_text("")

    database = start_embedded_postgres(data_dir)

    with connect(database) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
