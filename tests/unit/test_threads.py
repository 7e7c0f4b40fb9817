from responder.mail import threads


def test_reply_and_forward_prefixes_in_many_languages_are_stripped() -> None:
    for subject in ("Re: Planning", "RE : Planning", "TR: Fwd: planning", "AW: WG: Planning", "Re[2]: Planning",
                    "[atlas-list] Re: Planning", "Antw: Planning", "  re:  PLANNING  "):
        assert threads.normalise_subject(subject) == "planning", subject


def test_subject_key_is_none_for_empty_subject_and_includes_the_correspondent() -> None:
    assert threads.subject_key("Re: ", "jo@acme.example") is None
    assert threads.subject_key("Re: Planning", "Jo@Acme.example") == "subject:planning|jo@acme.example"


def test_link_prefers_references_then_subject() -> None:
    known = {"a@x": "t1"}
    by_subject = {"subject:planning|jo@acme.example": "t2"}
    refs = threads.references_nearest_first(["b@x"], ["a@x", "b@x"])
    assert refs == ["b@x", "a@x"]
    found = threads.link(refs, "subject:planning|jo@acme.example", known.get, by_subject.get)
    assert found.thread == "t1" and "a@x" in found.reason
    fallback = threads.link([], "subject:planning|jo@acme.example", known.get, by_subject.get)
    assert fallback.thread == "t2"
    assert threads.link([], None, known.get, by_subject.get).thread is None
