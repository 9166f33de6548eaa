"""The catalog's rules for each service (applications.eligibility_errors), on a fixed day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from gerbang.application_input import ApplicationInput
from gerbang.applications import _add_months, eligibility_errors
from gerbang.catalog import load_catalog

TODAY = date(2027, 6, 15)
VISA_SERVICES = [s.id for s in load_catalog().services if s.travel]


def service(service_id: str):
    found = load_catalog().service(service_id)
    assert found is not None
    return found


def form(**changes) -> ApplicationInput:
    data = {
        "service": "visit-visa",
        "given_names": "Siti",
        "date_of_birth": date(1990, 5, 17),
        "nationality": "MYS",
        "passport_number": "A1234567",
        "passport_expiry": date(2030, 1, 1),
        "arrival_date": TODAY + timedelta(days=30),
        "email": "siti@example.com",
        "consent": True,
    }
    data.update(changes)
    return ApplicationInput.model_validate(data)


def errors(f: ApplicationInput, service_id: str | None = None):
    return eligibility_errors(f, service(service_id or f.service), on=TODAY)


def codes(f: ApplicationInput, service_id: str | None = None) -> dict[str, str]:
    return {e.field: e.code for e in errors(f, service_id)}


def test_a_good_visa_application_breaks_no_rule():
    assert errors(form()) == []


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year, month end
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2027, 3, 31), 1, date(2027, 4, 30)),
    (date(2027, 7, 15), 6, date(2028, 1, 15)),  # year boundary
    (date(2027, 12, 31), 18, date(2029, 6, 30)),
    (date(2027, 6, 15), 0, date(2027, 6, 15)),
    (date(2027, 3, 31), -1, date(2027, 2, 28)),
    (date(2027, 1, 15), -1, date(2026, 12, 15)),
    (date(2028, 2, 29), -12 * 120, date(1908, 2, 29)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
])
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert _add_months(day, months) == expected


@pytest.mark.parametrize("service_id", VISA_SERVICES)
def test_passport_valid_exactly_the_required_months_after_arrival_passes(service_id):
    months = service(service_id).passport_validity_months
    arrival = TODAY + timedelta(days=20)
    f = form(service=service_id, arrival_date=arrival, passport_expiry=_add_months(arrival, months))
    assert errors(f) == []


@pytest.mark.parametrize("service_id", VISA_SERVICES)
def test_passport_valid_one_day_less_fails_with_months_and_date(service_id):
    months = service(service_id).passport_validity_months
    arrival = TODAY + timedelta(days=20)
    needed = _add_months(arrival, months)
    f = form(service=service_id, arrival_date=arrival, passport_expiry=needed - timedelta(days=1))
    [error] = errors(f)
    assert (error.field, error.code) == ("passport_expiry", "passport_expires_too_soon")
    assert error.params == {"months": months, "date": needed.isoformat()}


def test_month_end_arrival_needs_validity_until_the_last_day_of_february():
    # Given an arrival on 31 August 2027 and a 6-month rule, the passport must be valid
    # until 29 February 2028 (a leap year), not 2 March.
    today = date(2027, 7, 1)
    f = form(arrival_date=date(2027, 8, 31), passport_expiry=date(2028, 2, 29))
    assert eligibility_errors(f, service("visit-visa"), on=today) == []
    f = form(arrival_date=date(2027, 8, 31), passport_expiry=date(2028, 2, 28))
    [error] = eligibility_errors(f, service("visit-visa"), on=today)
    assert error.params == {"months": 6, "date": "2028-02-29"}


def test_arrival_today_passes_and_yesterday_is_in_the_past():
    assert errors(form(arrival_date=TODAY)) == []
    assert codes(form(arrival_date=TODAY - timedelta(days=1))) == {
        "arrival_date": "arrival_in_past"}


@pytest.mark.parametrize("service_id", VISA_SERVICES)
def test_arrival_beyond_max_days_before_arrival(service_id):
    limit = service(service_id).max_days_before_arrival
    assert limit
    far = TODAY + timedelta(days=limit)
    assert errors(form(service=service_id, arrival_date=far, passport_expiry=date(2040, 1, 1))) \
        == []
    [error] = errors(form(service=service_id, arrival_date=far + timedelta(days=1),
                          passport_expiry=date(2040, 1, 1)))
    assert (error.field, error.code, error.params) == ("arrival_date", "arrival_too_far",
                                                       {"days": limit})


@pytest.mark.parametrize("service_id", VISA_SERVICES)
def test_indonesians_cannot_apply_for_visas(service_id):
    assert codes(form(service=service_id, nationality="IDN")) == {
        "nationality": "nationality_not_eligible"}


def test_the_passport_service_is_for_indonesians_only():
    citizen = form(service="passport", nationality="IDN", passport_number=None,
                   passport_expiry=None, arrival_date=None)
    assert errors(citizen) == []
    foreigner = form(service="passport", nationality="MYS", passport_number=None,
                     passport_expiry=None, arrival_date=None)
    assert codes(foreigner) == {"nationality": "nationality_not_eligible"}


def test_the_passport_service_needs_no_travel_answers_but_refuses_an_expired_passport():
    renew = form(service="passport", nationality="IDN", arrival_date=None,
                 passport_expiry=TODAY - timedelta(days=1))
    assert codes(renew) == {"passport_expiry": "passport_expired"}
    assert errors(form(service="passport", nationality="IDN", arrival_date=None,
                       passport_expiry=TODAY)) == []


@pytest.mark.parametrize("service_id", VISA_SERVICES)
@pytest.mark.parametrize("missing", ["passport_number", "passport_expiry", "arrival_date"])
def test_travel_services_require_passport_and_arrival(service_id, missing):
    f = form(service=service_id, **{"passport_expiry": date(2040, 1, 1), missing: None})
    assert codes(f) == {missing: "required"}


def test_travel_service_with_none_of_the_travel_answers_reports_all_three():
    f = form(passport_number=None, passport_expiry=None, arrival_date=None)
    assert codes(f) == {"passport_number": "required", "passport_expiry": "required",
                        "arrival_date": "required"}


def test_no_consent_is_consent_required():
    assert codes(form(consent=False)) == {"consent": "consent_required"}


@pytest.mark.parametrize("born", [TODAY + timedelta(days=1), TODAY, date(2100, 1, 1),
                                  date(1900, 1, 1)])
def test_implausible_date_of_birth(born):
    assert codes(form(date_of_birth=born)) == {"date_of_birth": "implausible_date_of_birth"}


def test_yesterday_and_120_years_ago_are_plausible_birthdays():
    assert errors(form(date_of_birth=TODAY - timedelta(days=1))) == []
    assert errors(form(date_of_birth=date(1907, 6, 15))) == []


def test_several_broken_rules_are_all_reported():
    f = form(nationality="IDN", consent=False, arrival_date=TODAY - timedelta(days=3))
    assert codes(f) == {"nationality": "nationality_not_eligible",
                        "arrival_date": "arrival_in_past", "consent": "consent_required"}
