import pytest

from responder.mail.authresults import authserv_id, is_trusted, verdict

TRUSTED = ("mx.example.net",)
PASS = ("mx.example.net; dkim=pass header.d=acme.example header.i=@acme.example; "
        "dmarc=pass (p=none) header.from=acme.example; spf=pass smtp.mailfrom=jo@acme.example",)


def test_dmarc_pass_from_a_trusted_server_is_pass() -> None:
    assert verdict(PASS, "acme.example", TRUSTED).passed


def test_dmarc_fail_is_fail_even_with_spf_pass_for_another_domain() -> None:
    header = ("mx.example.net; spf=pass smtp.mailfrom=bounce@relay.example; dmarc=fail (p=reject) header.from=acme.example",)
    result = verdict(header, "acme.example", TRUSTED)
    assert result.failed and "dmarc=fail" in result.reason


def test_spf_and_dkim_fail_for_from_domain_is_fail() -> None:
    header = ("mx.example.net; spf=fail smtp.mailfrom=jo@acme.example; dkim=fail header.d=acme.example",)
    assert verdict(header, "acme.example", TRUSTED).failed


def test_a_header_the_sender_wrote_himself_is_not_believed() -> None:
    forged = ("attacker.example; dmarc=pass header.from=acme.example",)
    result = verdict(forged, "acme.example", TRUSTED)
    assert result.verdict == "unknown" and "attacker.example" in result.reason


def test_the_topmost_trusted_header_counts_not_a_forged_one_below_it() -> None:
    forged_lower = ("mx.example.net; dmarc=fail header.from=acme.example", "mx.example.net; dmarc=pass header.from=acme.example")
    assert verdict(forged_lower, "acme.example", TRUSTED).failed
    below_untrusted = ("attacker.example; dmarc=pass header.from=acme.example", PASS[0])
    assert verdict(below_untrusted, "acme.example", TRUSTED).passed


def test_missing_header_and_header_without_authserv_id_are_unknown() -> None:
    assert verdict((), "acme.example", TRUSTED).verdict == "unknown"
    assert verdict(("dmarc=pass action=none header.from=acme.example",), "acme.example", TRUSTED).verdict == "unknown"


def test_dmarc_pass_for_another_domain_is_no_pass_for_the_from_domain() -> None:
    header = ("mx.example.net; dmarc=pass header.from=evil.example",)
    assert verdict(header, "acme.example", TRUSTED).verdict == "unknown"


@pytest.mark.parametrize("results", ["dmarc=none header.from=acme.example", "spf=neutral smtp.mailfrom=jo@acme.example; dkim=none",
                                     "dmarc=temperror header.from=acme.example", "spf=pass smtp.mailfrom=jo@relay.example"])
def test_results_that_prove_nothing_are_unknown(results: str) -> None:
    assert verdict((f"mx.example.net; {results}",), "acme.example", TRUSTED).verdict == "unknown"


def test_quarantine_is_not_a_pass() -> None:
    assert verdict(("mx.example.net; dmarc=quarantine header.from=acme.example",), "acme.example", TRUSTED).failed


def test_aligned_dkim_without_dmarc_is_a_pass_but_a_bare_tld_aligns_with_nothing() -> None:
    assert verdict(("mx.example.net; dkim=pass header.d=mail.acme.example",), "acme.example", TRUSTED).passed
    assert verdict(("mx.example.net; dkim=pass header.d=example",), "acme.example", TRUSTED).verdict == "unknown"


def test_comments_do_not_count_as_results() -> None:
    header = ("mx.example.net; spf=pass (sender said dmarc=fail) smtp.mailfrom=jo@acme.example",)
    assert verdict(header, "acme.example", TRUSTED).passed


def test_authserv_id_with_version_and_comment() -> None:
    assert authserv_id("MX1.Example.NET 1 (our border); dkim=pass") == "mx1.example.net"
    assert authserv_id("spf=pass smtp.mailfrom=a@b.example") is None


def test_a_dotted_entry_trusts_the_domain_and_every_name_under_it() -> None:
    assert is_trusted("mx1.avk.example", (".avk.example",)) and is_trusted("avk.example", (".avk.example",))
    assert not is_trusted("evilavk.example", (".avk.example",)) and not is_trusted(None, (".avk.example",))
