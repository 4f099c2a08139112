"""The exercises' checks are honest: each fails on the starter and on plausible wrong answers,
with words that say what is wrong, and passes on the worked solution.

They run as the notebook runs them: `tutorial.check_problems`, in a folder holding what the
chapters up to and including the exercise's chapter write, against an answer file.
"""
import re

import pytest

from tests.tutorial.conftest import ROOT, tutorial

REVISION_0002 = """from alembic import op

revision = '0002'
down_revision = '0001'


def upgrade():
    {upgrade}


def downgrade():
    {downgrade}
"""
REVISION_0004 = """revision = '0004'
down_revision = '0003'
from alembic import op


def upgrade():
    {fix}
    with op.batch_alter_table('albums') as batch_op:
        batch_op.create_unique_constraint('uq', ['artist_id', 'title'])


def downgrade():
    with op.batch_alter_table('albums') as batch_op:
        batch_op.drop_constraint('uq', type_='unique')
"""
FIX_0004 = (
    "op.execute(\"UPDATE albums SET title = title || ' (2)' WHERE id NOT IN"
    " (SELECT MIN(id) FROM albums GROUP BY artist_id, title)\")"
)

SEARCH = """from typing import Annotated

from fastapi import APIRouter, Query
from project.models import Album, Artist
from project.schemas import AlbumOut, ArtistOut
from pydantic import BaseModel

router = APIRouter()


class Found(BaseModel):
    artists: list[ArtistOut]
    albums: list[AlbumOut]


@router.get("/search")
async def search({q}) -> Found:
    return {{"artists": await Artist.objects.filter(name__icontains=q).order_by("id").all(),
            "albums": await {albums}.filter(title__icontains=q).order_by("id").all()}}
"""

FIXTURE = """import pytest

from project.models import Album, Artist


@pytest.fixture
async def artist_with_albums({needs}):
    artist = await Artist.objects.create(name="Someone")
    for title in [{titles}]:
        await Album.objects.create(title=title, artist=artist)
    return artist
"""

AT_HEAD_TEST = """from project.migrations import apply_migrations, current_revision, head_revision, sync_connection
from tests.support import query


def test_at_head(db_url):
    apply_migrations(db_url)
    with sync_connection(db_url) as connection:
        connection.exec_driver_sql("{insert}")
    before = query(db_url, "SELECT * FROM artists")
    apply_migrations(db_url)
    {asserts}
"""
INSERT_ARTIST = "INSERT INTO artists (name) VALUES ('Nina Simone')"

# Plausible wrong answers, and a few words the check must say about each.
WRONG = {
    "03-1": {
        "rows only, not the revision": (
            AT_HEAD_TEST.format(insert=INSERT_ARTIST, asserts="assert query(db_url, 'SELECT * FROM artists') == before"),
            "keeps the rows but stamps the database back to base",
        ),
        "no rows to lose": (
            AT_HEAD_TEST.format(insert="SELECT 1", asserts="assert query(db_url, 'SELECT * FROM artists') == before\n"
                                "    assert current_revision(db_url) == head_revision()"),
            "drops every table and creates them again, empty",
        ),
        "a test that fails on a correct apply_migrations": (
            AT_HEAD_TEST.format(insert=INSERT_ARTIST, asserts="assert query(db_url, 'SELECT * FROM artists') == []"),
            "your test fails on apply_migrations as it is",
        ),
    },
    "01-1": {
        "a loose match": (
            "from project.models import Track\n\n\n"
            "async def track_titles_by(artist_name):\n"
            "    tracks = await Track.objects.filter(album__artist__name__icontains=artist_name).order_by('title').all()\n"
            "    return [t.title for t in tracks]\n",
            "also returned [\"Ain't Got No\"], by the Nina Simone Tribute Band",
        ),
        "not sorted": (
            "from project.models import Track\n\n\n"
            "async def track_titles_by(artist_name):\n"
            "    return [t.title for t in await Track.objects.filter(album__artist__name=artist_name).all()]\n",
            "alphabetical order",
        ),
    },
    "02-1": {
        "a downgrade that leaves the index": (
            REVISION_0002.format(upgrade="op.create_index('ix_tracks_title', 'tracks', ['title'])", downgrade="pass"),
            "after downgrading to 0001 the tracks table still has the indexes",
        ),
        "the index on another column": (
            REVISION_0002.format(upgrade="op.create_index('ix_tracks_title', 'tracks', ['album_id'])",
                                 downgrade="op.drop_index('ix_tracks_title', table_name='tracks')"),
            "it should have ix_tracks_title, on title",
        ),
    },
    "04-1": {
        "no minimum length": (
            SEARCH.format(q="q: str", albums="Album.objects.select_related('artist')"),
            "GET /search?q=n answered 200",
        ),
        "albums without their artist": (
            SEARCH.format(q="q: Annotated[str, Query(min_length=2)]", albums="Album.objects"),
            "GET /search?q=blue answered 500",
        ),
    },
    "05-1": {
        "rows that outlive the test": (
            FIXTURE.format(needs="started_app", titles="'A', 'B'"),
            "the fixture's rows outlive the test",
        ),
        "one album": (FIXTURE.format(needs="db", titles="'A'"), "it should have two"),
    },
    "06-1": {
        "tracks without their album": (
            "from tests.factories import AlbumFactory, TrackFactory\n\n\n"
            "async def album_with_tracks(count=10, **fields):\n"
            "    album = await AlbumFactory.create(**fields)\n"
            "    for _ in range(count):\n"
            "        await TrackFactory.create()\n"
            "    return album\n",
            "saved 11 albums",
        ),
        "always ten": (
            "from tests.factories import AlbumFactory, TrackFactory\n\n\n"
            "async def album_with_tracks(count=10, **fields):\n"
            "    album = await AlbumFactory.create(**fields)\n"
            "    for _ in range(10):\n"
            "        await TrackFactory.create(album=album)\n"
            "    return album\n",
            "album_with_tracks(3) gave the album 10 tracks",
        ),
    },
    "07-1": {
        "no 404 for an unknown artist": (
            "from fastapi import APIRouter\n\nfrom project.models import Album\n"
            "from project.schemas import AlbumOut, PathId\n\nrouter = APIRouter()\n\n\n"
            "@router.get('/artists/{artist_id}/albums')\n"
            "async def albums(artist_id: PathId) -> list[AlbumOut]:\n"
            "    return await Album.objects.select_related('artist').filter(artist__id=artist_id).order_by('id').all()\n",
            "GET /artists/999999/albums answered 200",
        ),
        "albums without their artist": (
            "from fastapi import APIRouter\n\nfrom project.models import Album, Artist\n"
            "from project.routes.lookups import get_or_404\n\nrouter = APIRouter()\n\n\n"
            "@router.get('/artists/{artist_id}/albums')\n"
            "async def albums(artist_id: int):\n"
            "    await get_or_404(Artist, artist_id)\n"
            "    rows = await Album.objects.filter(artist__id=artist_id).order_by('id').all()\n"
            "    return [{'id': a.id, 'title': a.title} for a in rows]\n",
            "each as GET /albums/{id} shows it",
        ),
    },
    "07-2": {
        "the artist only": (
            "import pytest\n\nfrom tests.helpers import create_album, create_artist\n\n"
            "pytestmark = pytest.mark.anyio\n\n\n"
            "async def test_refused(client):\n"
            "    artist = await create_artist(client)\n"
            "    await create_album(client, artist['id'])\n"
            "    assert (await client.delete(f\"/artists/{artist['id']}\")).status_code == 409\n"
            "    assert (await client.get(f\"/artists/{artist['id']}\")).status_code == 200\n",
            "already deleted the artist's albums",
        ),
        "a test that fails on a correct app": (
            "import pytest\n\nfrom tests.helpers import create_album, create_artist\n\n"
            "pytestmark = pytest.mark.anyio\n\n\n"
            "async def test_refused(client):\n"
            "    artist = await create_artist(client)\n"
            "    await create_album(client, artist['id'])\n"
            "    assert (await client.delete(f\"/artists/{artist['id']}\")).status_code == 204\n",
            "your test fails on the app as it is",
        ),
    },
    "08-1": {
        "duplicates deleted": (
            REVISION_0004.format(fix="op.execute('DELETE FROM albums WHERE id NOT IN"
                                 " (SELECT MIN(id) FROM albums GROUP BY artist_id, title)')"),
            "no album may be lost",
        ),
        "every artist's album of that title renamed": (
            REVISION_0004.format(fix="op.execute(\"UPDATE albums SET title = title || ' (2)' WHERE id NOT IN"
                                 " (SELECT MIN(id) FROM albums GROUP BY title)\")"),
            "another artist's album of the same title is no duplicate",
        ),
        "a downgrade that keeps the constraint": (
            REVISION_0004.format(fix=FIX_0004).replace(
                "    with op.batch_alter_table('albums') as batch_op:\n"
                "        batch_op.drop_constraint('uq', type_='unique')\n", "    pass\n"),
            "after downgrading to 0003",
        ),
    },
}
EXERCISES = sorted(WRONG)


def chapter_of(exercise: str):
    return next(p for p in tutorial.chapters() if p.name.startswith(exercise.split("-")[0] + "_"))


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Per chapter, a folder with what the chapters up to and including it write."""
    made = {}

    def folder(exercise: str):
        chapter = chapter_of(exercise)
        if chapter.name not in made:
            later = [p.name for p in tutorial.chapters() if p.name > chapter.name]
            made[chapter.name] = tmp_path_factory.mktemp(chapter.stem)
            tutorial.write_files(tutorial.written_files(before=later[0] if later else None), made[chapter.name])
        return made[chapter.name]

    return folder


def starter(exercise: str) -> str:
    path = tutorial.answer_path(exercise)
    [body] = [body for p, _, body in tutorial.writefile_cells(chapter_of(exercise)) if p == path]
    return body


def problems(folders, exercise: str, answer: str) -> list[str]:
    folder = folders(exercise)
    path = folder / "answer" / tutorial.answer_path(exercise).removeprefix("exercises/")
    path.parent.mkdir(exist_ok=True)
    path.write_text(answer)
    return tutorial.check_problems(exercise, answer=path, folder=folder)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_check_passes_the_worked_solution(folders, exercise):
    solution = tutorial.solution(exercise)
    assert solution.exists(), f"exercise {exercise} has no worked solution at {solution}"
    assert problems(folders, exercise, solution.read_text()) == []


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_check_fails_the_starter(folders, exercise):
    found = problems(folders, exercise, starter(exercise))
    assert found and not any("could not run" in p for p in found), found


@pytest.mark.parametrize(
    ("exercise", "wrong"), [(e, w) for e in EXERCISES for w in WRONG[e]], ids=lambda v: v.replace(" ", "-")
)
def test_the_check_fails_a_wrong_answer_and_says_why(folders, exercise, wrong):
    answer, words = WRONG[exercise][wrong]
    found = problems(folders, exercise, answer)
    assert any(words in problem for problem in found), found


def exercises_in_the_notebooks() -> dict[str, str]:
    """{exercise: chapter} for every check("...") cell of the chapters."""
    found = {}
    for notebook in tutorial.chapters():
        for cell in tutorial.cells(notebook):
            for exercise in re.findall(r'^check\("([0-9]{2}-[0-9])"\)$', tutorial.source(cell), re.MULTILINE):
                found[exercise] = notebook.name
    return found


def test_every_exercise_has_its_answer_cell_check_solution_and_honesty_tests():
    found = exercises_in_the_notebooks()
    assert sorted(found) == EXERCISES, "each exercise in the notebooks needs wrong answers in WRONG here, and back"
    modules = sorted(p.stem.removeprefix("check_").replace("_", "-") for p in tutorial.CHECKS.glob("check_*.py"))
    assert modules == EXERCISES, "one check module per exercise in notebooks/checks/"
    for exercise, notebook in found.items():
        assert notebook.startswith(exercise[:2]), f"exercise {exercise} is checked in {notebook}"
        assert tutorial.answer_path(exercise).startswith(tutorial.EXERCISES)
        assert starter(exercise), f"{notebook} has no cell that writes {tutorial.answer_path(exercise)}"
        assert tutorial.solution(exercise).exists()


def test_answers_are_never_part_of_the_package():
    assert not any(path.startswith(tutorial.EXERCISES) for path in tutorial.written_files())
    assert not (ROOT / "exercises").exists()
    assert any(path.startswith(tutorial.EXERCISES) for nb in tutorial.chapters() for path, _, _ in tutorial.writefile_cells(nb))


def test_a_check_reports_a_missing_answer_file_and_never_raises(tmp_path, capsys):
    tutorial.check("07-1", folder=tmp_path)
    out = capsys.readouterr().out
    assert "there is no exercises/artist_albums.py yet" in out
    assert "notebooks/solutions/07_route_tests/artist_albums.py" in out
