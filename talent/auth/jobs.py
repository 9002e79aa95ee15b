from talent.auth.services import purge_sign_in_records


def purge_sign_in_records_job() -> dict:
    return purge_sign_in_records()
