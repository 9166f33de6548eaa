"""The local stack: moto as the local AWS, built from template.yaml, a gateway that serves
the site and every API route declared in the template, the S3 -> SQS -> verifier poller and
the payment sandbox, on one loopback port. `python -m local` (what `make dev` runs)."""
