"""One logger and one metrics object for every function."""

import warnings

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()

# A request that adds no metric is normal here (a status read); the warning is noise.
warnings.filterwarnings("ignore", message="No application metrics to publish")
