"""Statistics about people with disclosure control: counts and rates grouped in SQL, small
numbers suppressed (with secondary suppression) and rounded, relative likelihoods that keep
their numerators and denominators. Every dashboard and export goes through here."""

from flask import Blueprint

bp = Blueprint("insights", __name__)
