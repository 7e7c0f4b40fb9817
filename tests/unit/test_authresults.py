from responder.mail.authresults import verdict

PASS = ("mx.example.net; dkim=pass header.d=acme.example header.i=@acme.example; "
        "dmarc=pass (p=none) header.from=acme.example; spf=pass smtp.mailfrom=jo@acme.example",)


def test_dmarc_pass_is_pass() -> None:
    assert verdict(PASS, "acme.example").verdict == "pass"


def test_dmarc_fail_is_fail_even_with_spf_pass_for_another_domain() -> None:
    header = ("mx.example.net; spf=pass smtp.mailfrom=bounce@relay.example; dmarc=fail (p=reject) header.from=acme.example",)
    result = verdict(header, "acme.example")
    assert result.failed and "dmarc=fail" in result.reason


def test_spf_and_dkim_fail_for_from_domain_is_fail() -> None:
    header = ("mx.example.net; spf=fail smtp.mailfrom=jo@acme.example; dkim=fail header.d=acme.example",)
    assert verdict(header, "acme.example").failed


def test_only_topmost_header_counts_and_missing_header_is_unknown() -> None:
    forged_lower = (PASS[0], "evil.example; dmarc=fail header.from=acme.example")
    assert verdict(forged_lower, "acme.example").verdict == "pass"
    assert verdict((), "acme.example").verdict == "unknown"


def test_header_without_authserv_id_is_still_read() -> None:
    assert verdict(("dmarc=fail action=none header.from=acme.example",), "acme.example").failed


def test_comments_do_not_count_as_results() -> None:
    header = ("mx.example.net; spf=pass (sender said dmarc=fail) smtp.mailfrom=jo@acme.example",)
    assert verdict(header, "acme.example").verdict == "pass"
