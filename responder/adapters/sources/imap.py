"""The IMAP adapter: a thin layer over imapclient that speaks the service's errors.

Callers import it all from here; it lives by sub-concept in ``imap_connection`` (connect, log
in, check the folders, log out), ``imap_fetch`` (reading a folder without marking anything
read), ``imap_sent`` (filing copies in the Sent folder) and ``imap_idle`` (waiting for new mail).
"""

from __future__ import annotations

from responder.adapters.sources.imap_connection import check_folders, check_login, close, connect, latest_headers, login
from responder.adapters.sources.imap_fetch import FETCH_BATCH, Fetched, FolderState, ImapSource
from responder.adapters.sources.imap_idle import idle_for_new_mail, supports_idle
from responder.adapters.sources.imap_sent import SentCopy, SentFolder, find_sent_folder

__all__ = [
    "FETCH_BATCH",
    "Fetched",
    "FolderState",
    "ImapSource",
    "SentCopy",
    "SentFolder",
    "check_folders",
    "check_login",
    "close",
    "connect",
    "find_sent_folder",
    "idle_for_new_mail",
    "latest_headers",
    "login",
    "supports_idle",
]
