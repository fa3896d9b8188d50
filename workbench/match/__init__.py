"""Never check a claim twice: similarity, clusters, the matcher and its evaluation."""

from workbench.match.clusters import ClusterReport, cluster
from workbench.match.evaluation import RetrievalMetrics, evaluate_matching, retrieval_metrics
from workbench.match.matcher import KEEP, Matcher
from workbench.match.similarity import coverage, similarity

__all__ = [
    "KEEP",
    "ClusterReport",
    "Matcher",
    "RetrievalMetrics",
    "cluster",
    "coverage",
    "evaluate_matching",
    "retrieval_metrics",
    "similarity",
]
