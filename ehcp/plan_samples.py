"""Realistic plan content for demo data, synthetic national data and tests.

``complete_plan`` fills every section A to K with linked needs, outcomes and quantified provision that
pass every quality check; ``size`` repeats the needs, outcomes and provision to make a longer plan (size
10 prints at about 20 pages).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from . import plan_content

_NEEDS = [
    (
        "communication_interaction",
        "ASD",
        "Finds it hard to understand spoken instructions given to the whole class "
        "and to join in conversations with other children; becomes anxious when routines change without warning.",
    ),
    (
        "cognition_learning",
        "SPLD",
        "Reads at a level about two years below their age and finds it hard to "
        "remember spellings and to organise written work.",
    ),
    (
        "semh",
        "SEMH",
        "Can become overwhelmed in busy or noisy places, and may leave the room or shut down; "
        "needs an adult they trust to help them calm down.",
    ),
    (
        "sensory_physical",
        "PD",
        "Has low muscle tone, tires quickly when writing by hand and needs help on stairs.",
    ),
]
_OUTCOMES = [
    (
        "Will follow a two-step instruction given to the class without an adult repeating it",
        "Follows two-step class instructions in 4 out of 5 observed lessons, recorded by the class teacher",
    ),
    (
        "Will read a book at their reading age with 95% accuracy",
        "Reading accuracy of 95% on a book-band assessment, checked each half term",
    ),
    (
        "Will tell an adult when they are starting to feel worried and use a calming strategy",
        "Uses their calm-down plan without prompting on 3 occasions a week, from the school's record",
    ),
    (
        "Will write a paragraph of five sentences using a laptop",
        "Writes five sentences on a laptop in 20 minutes, in 3 pieces of work a week",
    ),
]
_PROVISION = [
    (
        "Speech and language therapy to develop understanding of spoken language",
        "NHS speech and language therapist",
        "HCPC-registered speech and language therapist",
        "Once a week",
        "30 minutes a session",
        "Until the next annual review",
        "1:1",
        "A quiet room at school",
    ),
    (
        "A structured, evidence-based literacy programme (for example Read Write Inc. Fresh Start)",
        "Teaching assistant trained in the programme",
        "Trained and supervised by the SENCO",
        "Four times a week",
        "20 minutes a session",
        "For 2 terms, then reviewed",
        "1:2",
        "Intervention room",
    ),
    (
        "Check-in with a trusted adult at the start and end of each day, using a visual feelings scale",
        "Named key adult",
        "Emotion coaching training",
        "Twice a day",
        "10 minutes each time",
        "Until the next annual review",
        "1:1",
        "Classroom or pastoral base",
    ),
    (
        "Touch-typing programme and use of a laptop for written work",
        "Class teacher and teaching assistant",
        "Advice from the occupational therapist",
        "Daily",
        "15 minutes of typing practice",
        "For 1 term, then laptop use ongoing in every lesson with writing",
        "Individual",
        "Classroom",
    ),
]


def complete_plan(
    *, first_name: str = "Sam", size: int = 1, today: date | None = None, seed: int = 1
) -> dict:
    """A plan with every section populated; validated by ``plan_content.clean_content``."""
    today = today or date.today()
    rng = random.Random(seed)
    needs, outcomes, provision, steps = [], [], [], []
    for repeat in range(size):
        for index, (area, code, text) in enumerate(_NEEDS):
            needs.append(
                {
                    "id": f"n{repeat}-{index}",
                    "area": area,
                    "code": code,
                    "rank": "primary"
                    if (repeat, index) == (0, 0)
                    else "secondary"
                    if repeat == 0
                    else "other",
                    "description": text if repeat == 0 else f"{text} (further detail {repeat + 1})",
                }
            )
        for index, (text, measure) in enumerate(_OUTCOMES):
            steps = [
                {
                    "id": f"s{repeat}-{index}-1",
                    "text": "First step agreed with the family",
                    "by": (today + timedelta(days=90)).isoformat(),
                },
                {
                    "id": f"s{repeat}-{index}-2",
                    "text": "Second step, reviewed at the annual review",
                    "by": (today + timedelta(days=240)).isoformat(),
                },
            ]
            outcomes.append(
                {
                    "id": f"o{repeat}-{index}",
                    "text": text if repeat == 0 else f"{text} (stage {repeat + 1})",
                    "measure": measure,
                    "target_date": (today + timedelta(days=300 + rng.randint(0, 60))).isoformat(),
                    "need_ids": [f"n{repeat}-{index}"],
                    "steps": steps,
                }
            )
        for index, (what, who, expertise, often, much, long, group, where) in enumerate(_PROVISION):
            provision.append(
                {
                    "id": f"p{repeat}-{index}",
                    "what": what,
                    "delivered_by": who,
                    "expertise": expertise,
                    "frequency": often,
                    "amount": much,
                    "duration": long,
                    "group_size": group,
                    "location": where,
                    "outcome_ids": [f"o{repeat}-{index}"],
                    "need_ids": [f"n{repeat}-{index}"],
                }
            )
    content = {
        "A": {
            "summary": f"{first_name} helped write this section with their key adult and their family.",
            "entries": [
                {
                    "topic": "about_me",
                    "text": f"My name is {first_name}. I like drawing, dinosaurs and swimming.",
                    "author": "child",
                    "own_words": True,
                },
                {
                    "topic": "working",
                    "text": "My teacher shows me pictures of what we are doing next.",
                    "author": "child",
                    "own_words": True,
                },
                {
                    "topic": "not_working",
                    "text": "The dinner hall is too loud and I don't like it.",
                    "author": "child",
                    "own_words": True,
                },
                {
                    "topic": "aspirations",
                    "text": f"We want {first_name} to have friends and to feel happy at school.",
                    "author": "parent",
                    "author_name": "Alex",
                    "own_words": False,
                },
            ],
            "sign_off": {"by": "child", "name": first_name, "on": today.isoformat()},
        },
        "B": {"summary": "", "needs": needs},
        "C": {
            "needs": [
                {
                    "id": "c1",
                    "description": "Has epilepsy, controlled by medication; needs a care plan at school.",
                }
            ]
        },
        "D": {
            "needs": [
                {
                    "id": "d1",
                    "description": "Needs short breaks so the family can rest and the child can take part in activities.",
                }
            ]
        },
        "E": {"outcomes": outcomes},
        "F": {"provision": provision},
        "G": {
            "provision": [
                {
                    "what": "Individual healthcare plan for epilepsy, with staff trained to give rescue medication",
                    "delivered_by": "Epilepsy nurse specialist",
                    "expertise": "Paediatric epilepsy nurse",
                    "frequency": "Training once a year; plan reviewed every 6 months",
                    "amount": "2-hour training session",
                    "duration": "While the child attends the school",
                    "group_size": "Whole staff team",
                    "location": "School",
                    "need_ids": ["c1"],
                    "outcome_ids": [],
                }
            ]
        },
        "H1": {
            "provision": [
                {
                    "what": "Short breaks at a local youth club with a support worker",
                    "delivered_by": "Commissioned short-breaks provider",
                    "expertise": "Support worker with autism training",
                    "frequency": "Once a week",
                    "amount": "3 hours",
                    "duration": "For 12 months",
                    "group_size": "1:1 within a group",
                    "location": "Local youth club",
                    "need_ids": ["d1"],
                    "outcome_ids": [],
                }
            ]
        },
        "H2": {"summary": "No other social care provision is needed at present."},
        "I": {},
        "J": {
            "requested": True,
            "amount": "1200.00",
            "arrangements": ["direct_payment"],
            "covers": "Swimming lessons with a 1:1 instructor",
            "needs_and_outcomes": "Physical development and confidence (outcome E4)",
        },
        "K": {
            "items": [
                {
                    "title": "Educational psychology advice",
                    "author": "Dr P. Singh, educational psychologist",
                    "dated": (today - timedelta(days=60)).isoformat(),
                },
                {
                    "title": "Advice from the school",
                    "author": "SENCO",
                    "dated": (today - timedelta(days=55)).isoformat(),
                },
                {
                    "title": "Health advice",
                    "author": "Designated clinical officer",
                    "dated": (today - timedelta(days=50)).isoformat(),
                },
            ]
        },
    }
    return plan_content.clean_content(content)
