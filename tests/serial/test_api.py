"""The public verification API, key publication, the verify page and its photo upload."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.serial.codec import CodeFields, encode, group, parse
from truemark.serial.issue import issue_codes
from truemark.serial.keyfile import load_key_file
from truemark.serial.keyring import create_key
from truemark.serial.keys import KeyVault
from truemark.serial.offline import verify_offline
from truemark.serial.outcomes import Outcome
from truemark.serial.qr import qr_png_bytes
from truemark.serial.ratelimit import TokenBucketLimiter
from truemark.store import Store
from truemark.store.serial_store import serial_work

from .conftest import BAG

PUBLIC_FIELDS = {"outcome", "message", "brand", "product", "batch", "serial"}


@pytest.fixture
def codes(serial_store: Store, vault: KeyVault, tmp_path: Path) -> list[str]:
    create_key(serial_store, vault, "gucci")
    issue_codes(serial_store, vault, "gucci", BAG, 2, tmp_path / "codes", images=False)
    return pl.read_csv(tmp_path / "codes" / "codes.csv").get_column("code").to_list()


@pytest.fixture
def client(migrated_database_url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=migrated_database_url, demo=True)))


def test_a_genuine_code_shows_the_product_and_its_photo(
    client: TestClient, codes: list[str]
) -> None:
    answer = client.post("/api/serial/verify", json={"code": group(codes[0]).lower()})

    body = answer.json()
    assert answer.status_code == 200
    assert set(body) == PUBLIC_FIELDS
    assert (body["outcome"], body["brand"], body["serial"]) == ("genuine", "Gucci", 1)
    assert body["product"]["name"] == "GG Marmont bag"
    photo = client.get(body["product"]["photo_url"])
    assert photo.status_code == 200
    assert Image.open(io.BytesIO(photo.content)).size == (96, 96)


@pytest.mark.parametrize(
    "mangle",
    [lambda c: c[:-5], lambda c: c[:50] + ("X" if c[50] != "X" else "Y") + c[51:],
     lambda c: "garbage", lambda c: "", lambda c: "☃" * 132, lambda c: c + "0"],
)  # fmt: skip
def test_bad_codes_are_not_valid_never_a_server_error(
    client: TestClient, codes: list[str], mangle: object
) -> None:
    answer = client.get("/api/serial/verify", params={"code": mangle(codes[0])})  # type: ignore[operator]

    assert answer.status_code == 200
    assert answer.json()["outcome"] == "invalid"
    assert answer.json()["message"].startswith("Not a valid code")


def test_forged_and_unknown_answers_reveal_nothing_internal(
    client: TestClient, codes: list[str]
) -> None:
    forged = encode(parse(codes[0]).payload, bytes(64))
    body = client.post("/api/serial/verify", json={"code": forged}).json()

    assert body == {"outcome": "forged", "message": body["message"], "brand": None,
                    "product": None, "batch": None, "serial": None}  # fmt: skip
    assert parse(codes[0]).fields.key_id not in str(body)


def test_requests_that_are_not_json_codes_get_422(client: TestClient) -> None:
    assert client.post("/api/serial/verify", json={}).status_code == 422
    assert client.post("/api/serial/verify", json={"code": "A" * 5000}).status_code == 422


def test_the_country_header_is_recorded(
    client: TestClient, codes: list[str], serial_store: Store
) -> None:
    client.post("/api/serial/verify", json={"code": codes[1]}, headers={"CF-IPCountry": "de"})
    client.post("/api/serial/verify", json={"code": codes[1], "country": "IT"})

    fields = parse(codes[1]).fields
    with serial_work(serial_store) as work:
        history = work.events.history(fields.key_id, fields.serial)
    assert [h.country for h in history] == ["DE", "IT"]


def test_clients_are_rate_limited(client: TestClient, codes: list[str]) -> None:
    client.app.state.serial_limiter = TokenBucketLimiter(rate=0.01, burst=2)  # type: ignore[attr-defined]

    answers = [client.get("/api/serial/verify", params={"code": codes[0]}) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2].headers["Retry-After"]) >= 1


def test_published_keys_verify_offline(
    client: TestClient, codes: list[str], tmp_path: Path
) -> None:
    answer = client.get("/.well-known/truemark-keys.json")
    path = tmp_path / "keys.json"
    path.write_bytes(answer.content)

    verdict = verify_offline(codes[0], load_key_file(path))

    assert answer.status_code == 200
    assert (verdict.outcome, verdict.sku) == (Outcome.SIGNED, BAG)


def test_a_database_that_is_not_there_is_a_plain_503(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}", demo=True))
    code = "0" * 131 + "G"
    answer = TestClient(app).post("/api/serial/verify", json={"code": code})
    valid = TestClient(app).post("/api/serial/verify", json={"code": _any_code()})

    assert answer.json()["outcome"] == "invalid"  # no database needed to refuse a typo
    assert valid.status_code == 503
    assert "sqlite" not in valid.text.lower()
    assert "table" not in valid.text.lower()


def _any_code() -> str:
    return encode(CodeFields("1a2b3c4d", 1, 1, 1).payload(), bytes(64))


def test_the_page_verifies_a_typed_code_and_a_photo(client: TestClient, codes: list[str]) -> None:
    form = client.get("/verify")
    typed = client.post("/verify", data={"code": group(codes[0])})
    linked = client.get("/verify", params={"code": codes[0]})
    photo = client.post("/verify", files={"photo": ("qr.png", qr_png_bytes(codes[1]), "image/png")})

    assert form.status_code == 200
    assert 'name="photo"' in form.text
    for page in (typed, linked, photo):
        assert page.status_code == 200
        assert 'data-outcome="genuine"' in page.text
        assert "GG Marmont bag" in page.text


def test_the_page_says_when_a_photo_cannot_be_read(client: TestClient) -> None:
    blank = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(blank, "PNG")

    unreadable = client.post("/verify", files={"photo": ("x.png", blank.getvalue(), "image/png")})
    not_image = client.post("/verify", files={"photo": ("x.png", b"hello", "image/png")})
    empty = client.post("/verify", data={"code": "  "})
    typo = client.post("/verify", data={"code": "ABCD-EFGH"})

    assert unreadable.status_code == 422
    assert "no QR code could be read" in unreadable.text
    assert not_image.status_code == 422
    assert "not a photo" in not_image.text
    assert empty.status_code == 422
    assert typo.status_code == 200
    assert 'data-outcome="invalid"' in typo.text
