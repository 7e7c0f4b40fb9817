import os
from pathlib import Path

from responder.adapters.sources import maildir


def make_maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    return root


def test_messages_in_new_and_cur_oldest_first_without_touching_them(tmp_path: Path) -> None:
    box = make_maildir(tmp_path / "Maildir")
    old = box / "cur" / "1700000000.1.host:2,S"
    new = box / "new" / "1700000100.2.host"
    old.write_bytes(b"Subject: old\r\n\r\nold")
    new.write_bytes(b"Subject: new\r\n\r\nnew")
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_700_000_100, 1_700_000_100))
    found = list(maildir.scan(box))
    assert [m.key for m in found] == ["1700000000.1.host", "1700000100.2.host"]
    assert found[0].delivered_at.timestamp() == 1_700_000_000
    assert old.exists() and new.exists()  # nothing moved or renamed
    assert sorted(p.name for p in (box / "cur").iterdir()) == ["1700000000.1.host:2,S"]


def test_the_key_survives_flag_changes_and_the_move_to_cur(tmp_path: Path) -> None:
    assert maildir.key_of("123.4.host:2,RS") == maildir.key_of("123.4.host") == "123.4.host"
    assert maildir.uid_of("123.4.host") == maildir.uid_of(maildir.key_of("123.4.host:2,"))
    assert 0 < maildir.uid_of("123.4.host") < 2**62
    assert maildir.uid_of("123.4.host") != maildir.uid_of("123.5.host")


def test_is_maildir(tmp_path: Path) -> None:
    assert maildir.is_maildir(make_maildir(tmp_path / "box"))
    assert not maildir.is_maildir(tmp_path)
