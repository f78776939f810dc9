"""PAdES signatures with pyHanko: sign a PDF, and check the signature of one, offline.
Used for the certificates Gramota issues and for the signing practice's throwaway keys."""

from __future__ import annotations

import asyncio
import io
import logging
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache


class SigningUnavailable(RuntimeError):
    """There is no usable signing key; the message tells the administrator what to do."""


@lru_cache(maxsize=1)
def pyhanko_signers():
    """Import pyHanko's signing module once, leaving out a warning that is not Gramota's."""
    with warnings.catch_warnings():
        # pyHanko (0.38) imports cryptography's DSA key class, which cryptography 51
        # deprecates with a warning in the log of every worker that signs; Gramota's keys
        # are RSA or EC. Revisit when pyHanko no longer imports it (the same filter is in
        # pyproject.toml for the tests; `make test-latest` tries new releases).
        warnings.filterwarnings("ignore", "DSA is deprecated", module=r"pyhanko\.")
        try:
            from pyhanko.sign import signers
        except ModuleNotFoundError as exc:
            if exc.name != "pyhanko":
                raise  # a broken install: shown as it is, never as a missing key
            # the smallest install (requirements/core.txt) leaves pyHanko out
            raise SigningUnavailable(
                "pyHanko is not installed, so certificates cannot be signed: install "
                "Gramota with its 'signing' extra (requirements/runtime.txt has it)") from exc
    return signers


def _run(work):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    # pyHanko runs its own event loop, which cannot start inside a running one (an async
    # server, a browser driver): do the work in a thread of its own then.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def sign_pdf(pdf: bytes, signer, *, reason: str, location: str = "",
             field_name: str = "Gramota") -> bytes:
    """Return ``pdf`` with an invisible PAdES signature; never re-save a signed PDF."""
    signers = pyhanko_signers()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES,
                                        reason=reason, location=location or None)

    def sign() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        return signers.sign_pdf(writer, meta, signer=signer).getvalue()

    return _run(sign)


@dataclass(frozen=True)
class SignatureCheck:
    """What a signature check found, in the words a person needs."""

    signed: bool        # the file has a signature at all
    intact: bool        # not one byte changed since it was signed
    trusted: bool       # the certificate leads to a trusted issuer and is valid
    revoked: bool       # the issuer has revoked the certificate
    signer: str = ""    # the signer's name in the certificate
    issuer: str = ""

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and not self.revoked


def check_signature(pdf: bytes, trust_roots, crls=()) -> SignatureCheck:
    """Check the first signature of ``pdf`` against ``trust_roots`` (asn1crypto
    certificates) and revocation lists ``crls``, with no network."""
    pyhanko_signers()
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    def check() -> SignatureCheck:
        try:
            found = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        except PdfReadError:
            found = []
        if not found:
            return SignatureCheck(False, False, False, False)
        context = ValidationContext(trust_roots=list(trust_roots), crls=list(crls),
                                    allow_fetching=False, revocation_mode="soft-fail")
        # pyHanko logs a revoked or untrusted certificate as an error with its traceback;
        # here that is the answer asked for, said in the result
        quiet = logging.getLogger("pyhanko.sign.validation")
        level, quiet.level = quiet.level, logging.CRITICAL
        try:
            status = validate_pdf_signature(found[0], context)
        finally:
            quiet.level = level
        subject = status.signing_cert.subject.native
        issuer = status.signing_cert.issuer.native
        return SignatureCheck(True, bool(status.intact), bool(status.trusted),
                              bool(status.revoked), subject.get("common_name", ""),
                              issuer.get("common_name", ""))

    return _run(check)
