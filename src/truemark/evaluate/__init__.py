"""Evaluation: score a scan's results and predicted seller networks against labels."""
