from datetime import date, timedelta

from talent.people.services import remind_posts_ending as remind


def remind_posts_ending() -> dict:
    today = date.today()
    return remind(today, until=today + timedelta(days=30))
