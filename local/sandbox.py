"""The payment sandbox: a stand-in for a hosted checkout (Stripe Checkout, Midtrans Snap).
It shows the amount and the four ways to pay, and on "Pay" sends a signed notification to
the same webhook route a real provider calls, then returns the applicant to the site."""

from __future__ import annotations

import json
import urllib.request
import uuid
from html import escape

from gerbang.i18n import format_money
from gerbang.payments.sandbox import open_session, signature_header
from werkzeug.wrappers import Request, Response

TEXT = {
    "en": {"title": "Payment sandbox", "note": "Test payments only: no money moves.",
           "amount": "Amount", "reference": "Application", "pay": "Pay now",
           "expire": "Let the payment expire", "choose": "Payment method",
           "card": "Card", "card_detail": "Test card 4242 4242 4242 4242, any future date.",
           "bank_transfer": "Bank transfer", "va": "Virtual account number",
           "ewallet": "E-wallet", "ewallet_detail": "Approve in your e-wallet app (simulated).",
           "qris": "QRIS", "qris_detail": "Scan this code with any banking or e-wallet app.",
           "invalid": "This payment link is not valid.", "failed":
           "The payment was made but the service did not confirm it. Try again."},
    "id": {"title": "Simulasi pembayaran",
           "note": "Hanya uji coba: tidak ada uang yang berpindah.",
           "amount": "Jumlah", "reference": "Permohonan", "pay": "Bayar sekarang",
           "expire": "Biarkan pembayaran kedaluwarsa", "choose": "Metode pembayaran",
           "card": "Kartu",
           "card_detail": "Kartu uji 4242 4242 4242 4242, tanggal berapa pun di masa depan.",
           "bank_transfer": "Transfer bank", "va": "Nomor virtual account",
           "ewallet": "Dompet digital",
           "ewallet_detail": "Setujui di aplikasi dompet digital Anda (simulasi).",
           "qris": "QRIS",
           "qris_detail": "Pindai kode ini dengan aplikasi bank atau dompet digital apa pun.",
           "invalid": "Tautan pembayaran ini tidak sah.", "failed":
           "Pembayaran berhasil tetapi layanan belum mengonfirmasinya. Coba lagi."},
}


class Sandbox:
    def __init__(self, secret: str, webhook_url: str) -> None:
        self.secret = secret.encode()
        self.webhook_url = webhook_url

    def __call__(self, request: Request) -> Response:
        token = request.values.get("session", "")
        session = open_session(token, self.secret) if token else None
        if session is None:
            return self._page("en", TEXT["en"]["invalid"], status=400)
        if request.method == "POST":
            return self._complete(session, request.form.get("outcome", "succeeded"),
                                  request.form.get("method", session["method"]))
        return self._checkout(session, token)

    def _checkout(self, session: dict, token: str) -> Response:
        lang = session.get("lang", "en")
        text = TEXT.get(lang, TEXT["en"])
        va = "8808" + str(int(session["payment_id"][-12:], 16) % 10**12).zfill(12)
        details = {"card": text["card_detail"], "bank_transfer": f'{text["va"]}: <b>{va}</b>',
                   "ewallet": text["ewallet_detail"],
                   "qris": f'{text["qris_detail"]}<br><code>QRIS.SANDBOX.'
                           f'{escape(session["reference"])}</code>'}
        methods = "".join(
            f'<label style="display:block;margin:.5rem 0"><input type="radio" name="method" '
            f'value="{m}"{" checked" if m == session["method"] else ""}> <b>{text[m]}</b><br>'
            f'<small>{details[m]}</small></label>' for m in details)
        body = (
            f'<p>{text["note"]}</p><p>{text["reference"]}: <b>{escape(session["reference"])}</b>'
            f'<br>{text["amount"]}: <b>{format_money(session["amount"], session["currency"], lang)}'
            f'</b></p><form method="post" action="/sandbox/checkout">'
            f'<input type="hidden" name="session" value="{escape(token)}">'
            f'<fieldset><legend>{text["choose"]}</legend>{methods}</fieldset>'
            f'<p><button name="outcome" value="succeeded">{text["pay"]}</button> '
            f'<button name="outcome" value="expired">{text["expire"]}</button></p></form>')
        return self._page(lang, body)

    def _complete(self, session: dict, outcome: str, method: str) -> Response:
        event = {"id": "evt_" + uuid.uuid4().hex, "type": f"payment.{outcome}", "data": {
            "payment_id": session["payment_id"], "reference": session["reference"],
            "amount": session["amount"], "currency": session["currency"], "method": method}}
        body = json.dumps(event).encode()
        request = urllib.request.Request(self.webhook_url, data=body, method="POST", headers={
            "Content-Type": "application/json",
            "Sandbox-Signature": signature_header(body, self.secret)})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                answer.read()
        except OSError:
            text = TEXT.get(session.get("lang", "en"), TEXT["en"])
            return self._page(session.get("lang", "en"), text["failed"], status=502)
        return Response(status=303, headers={"Location": session["return_url"]})

    @staticmethod
    def _page(lang: str, body: str, status: int = 200) -> Response:
        text = TEXT.get(lang, TEXT["en"])
        html = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta '
                'name="viewport" content="width=device-width,initial-scale=1">'
                f'<title>{text["title"]}</title><style>body{{font:16px/1.5 system-ui,sans-serif;'
                'max-width:36rem;margin:0 auto;padding:1rem}button{font:inherit;padding:.5rem 1rem}'
                f'</style></head><body><h1>{text["title"]}</h1>{body}</body></html>')
        return Response(html, status=status, content_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-store"})  # never kept offline
