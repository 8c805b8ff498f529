"""HL7 v2 ORU^R01: the report's fields come from PID, OBR and OBX, escapes undone."""
import pytest

from casefinding.intake import hl7_message_receive, reports_from_hl7, split_hl7_messages

from .conftest import oru_message


def test_it_reads_patient_exam_and_report_text():
    (row,) = reports_from_hl7(oru_message(text=("CLINICAL DETAILS: Fall.", "FINDINGS: Fracture \\T\\ displacement.")))
    assert row["accession"] == "ACC2001" and row["local_id"] == "N200001"
    assert (row["family_name"], row["given_name"], row["date_of_birth"], row["sex"]) == ("Hl7case", "Iris", "19430212", "F")
    assert row["body_part"] == "XR Wrist Right"
    assert row["report_text"] == "CLINICAL DETAILS: Fall.\nFINDINGS: Fracture & displacement."


def test_a_file_of_messages_is_split_at_each_msh():
    text = "\x0b" + oru_message() + "\x1c\r\n" + oru_message(control="M2").replace("\r", "\n")
    assert len(split_hl7_messages(text)) == 2


@pytest.mark.django_db
def test_each_message_is_acknowledged(site_a):
    ack, batch = hl7_message_receive(site=site_a, message_text=oru_message())
    assert "MSA|AA|MSG0001" in ack and batch.candidates == 1
    ack, batch = hl7_message_receive(site=site_a, message_text=oru_message(control="AGAIN"))
    assert "MSA|AA|AGAIN" in ack and batch.already_seen == 1
    ack, _ = hl7_message_receive(site=site_a, message_text=oru_message(control="BAD", dob="notadate", accession="X9"))
    assert "MSA|AE|BAD" in ack and "date_of_birth" in ack
    ack, _ = hl7_message_receive(site=site_a, message_text="garbage")
    assert "MSA|AR" in ack
