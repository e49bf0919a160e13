# The ARM client azure.mgmt.scheduler 7.0.0b1 (Debian python3-azure: azure-core, azure-mgmt-core,
# msrest) against a real Takt: every method of client.job_collections and client.jobs, the pager over
# a list longer than a page, the long-running operations, and errors as the client raises them.
# Takes {"url", "subscriptionId", "token", "caCertPath", "sinkUrl"} as JSON in argv[1]; writes one JSON
# object to the file in argv[2]: "steps" (step name -> result, or {"error": …} for a step that raised)
# and "wire" (method, URL and status of every request). The checks are made by
# test/compat/python-mgmt-scheduler.test.ts.
import datetime
import json
import sys
import time

from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError
from azure.mgmt.scheduler import SchedulerManagementClient
from azure.mgmt.scheduler import models as m
from azure.mgmt.scheduler.patch import patch_client

cfg = json.loads(sys.argv[1])
steps = {}
wire = []


class TaktToken:
    """Any azure-core TokenCredential will do: this one hands out the Takt API token."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken(cfg["token"], int(time.time()) + 3600)


def step(name, fn):
    try:
        steps[name] = fn()
    except HttpResponseError as e:  # recorded, and the other steps still run
        steps[name] = {"error": type(e).__name__, "status": e.status_code,
                       "code": e.error.code if e.error else None, "message": e.message}
    except Exception as e:
        steps[name] = {"error": type(e).__name__, "status": None, "code": None, "message": repr(e)}


def on_response(pipeline_response):
    req = pipeline_response.http_request
    wire.append({"method": req.method, "url": req.url, "status": pipeline_response.http_response.status_code,
                 "authorization": req.headers.get("Authorization", "")[:7]})


client = SchedulerManagementClient(
    TaktToken(), cfg["subscriptionId"], base_url=cfg["url"],
    connection_verify=cfg["caCertPath"],  # Takt's CA; passed per request, so REQUESTS_CA_BUNDLE cannot override it
    raw_response_hook=on_response, retry_total=0, polling_interval=0)
# Takt writes durations as .NET TimeSpans, as the retired endpoint did; the SDK ships this patch for them.
patch_client(client)
jc, jobs = client.job_collections, client.jobs
RG, JC = "py-rg", "py-jc"


def collection(c):
    p = c.properties
    return {"id": c.id, "name": c.name, "type": c.type, "location": c.location, "tags": c.tags,
            "sku": p.sku.name if p.sku else None, "state": p.state,
            "max_job_count": p.quota.max_job_count if p.quota else None,
            "max_recurrence": [p.quota.max_recurrence.frequency, p.quota.max_recurrence.interval]
            if p.quota and p.quota.max_recurrence else None}


def job(j):
    p = j.properties
    a = p.action
    r = p.recurrence
    return {
        "id": j.id, "name": j.name, "type": j.type, "state": p.state,
        "start_time": p.start_time.isoformat() if p.start_time else None,
        "action": {
            "type": a.type, "uri": a.request.uri if a.request else None,
            "method": a.request.method if a.request else None,
            "headers": a.request.headers if a.request else None,
            "auth": [a.request.authentication.type, getattr(a.request.authentication, "username", None),
                     getattr(a.request.authentication, "password", None)]
            if a.request and a.request.authentication else None,
            "retry": [a.retry_policy.retry_type, a.retry_policy.retry_interval.total_seconds()
                      if a.retry_policy.retry_interval else None, a.retry_policy.retry_count]
            if a.retry_policy else None,
            "error_action": [a.error_action.type, a.error_action.queue_message.queue_name,
                             a.error_action.queue_message.sas_token] if a.error_action else None,
        },
        "recurrence": {
            "frequency": r.frequency, "interval": r.interval,
            "monthly_occurrences": [[o.day, o.occurrence] for o in r.schedule.monthly_occurrences or []]
            if r.schedule else None,
            "hours": r.schedule.hours if r.schedule else None,
        } if r else None,
        "status": {"execution_count": p.status.execution_count, "failure_count": p.status.failure_count,
                   "next_execution_time": p.status.next_execution_time.isoformat()
                   if p.status.next_execution_time else None} if p.status else None,
    }


def history(h):
    p = h.properties
    return {"id": h.id, "name": h.name, "type": h.type, "action_name": p.action_name, "status": p.status,
            "retry_count": p.retry_count, "message": p.message,
            "start_time": p.start_time.isoformat() if p.start_time else None}


def until(read, done, what, seconds=20):
    """Reads through the client until `done` holds: the engine records a run after the target answered."""
    end = time.time() + seconds
    while True:
        v = read()
        if done(v) or time.time() > end:
            return v
        time.sleep(0.05)


# -- job_collections -------------------------------------------------------------------------------
step("jc_create", lambda: collection(jc.create_or_update(RG, JC, m.JobCollectionDefinition(
    location="westus", properties=m.JobCollectionProperties(sku=m.Sku(name="Standard"))))))
step("jc_replace", lambda: collection(jc.create_or_update(RG, JC, m.JobCollectionDefinition(
    location="West US", tags={"team": "ops"}, properties=m.JobCollectionProperties(
        sku=m.Sku(name="P20Premium"),
        quota=m.JobCollectionQuota(max_job_count=200, max_recurrence=m.JobMaxRecurrence(
            frequency="Minute", interval=1)))))))
step("jc_get", lambda: collection(jc.get(RG, JC)))
step("jc_patch", lambda: collection(jc.patch(RG, JC, m.JobCollectionDefinition(tags={"team": "billing"}))))
step("jc_list_by_resource_group", lambda: [c.name for c in jc.list_by_resource_group(RG)])
step("jc_list_by_subscription", lambda: [c.name for c in jc.list_by_subscription()])
step("jc_get_missing_group", lambda: collection(jc.get("py-nowhere", JC)))

# -- jobs --------------------------------------------------------------------------------------------
start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).replace(microsecond=0)
report = m.JobDefinition(properties=m.JobProperties(
    start_time=start,
    action=m.JobAction(
        type="Https",
        request=m.HttpRequest(uri="https://example.com/report", method="POST", body='{"full":true}',
                              headers={"Content-Type": "application/json"},
                              authentication=m.BasicAuthentication(username="svc", password="never-returned")),
        retry_policy=m.RetryPolicy(retry_type="Fixed", retry_interval=datetime.timedelta(seconds=30), retry_count=3),
        error_action=m.JobErrorAction(type="StorageQueue", queue_message=m.StorageQueueMessage(
            storage_account="opsacct", queue_name="failures", sas_token="sv=secret", message="failed"))),
    recurrence=m.JobRecurrence(frequency="Month", interval=1, schedule=m.JobRecurrenceSchedule(
        monthly_occurrences=[m.JobRecurrenceScheduleMonthlyOccurrence(day="Friday", occurrence=-1)],
        hours=[9], minutes=[30])),
    state="Enabled"))
step("job_create", lambda: job(jobs.create_or_update(RG, JC, "report", report)))
step("job_replace", lambda: job(jobs.create_or_update(RG, JC, "report", report)))
step("job_get", lambda: job(jobs.get(RG, JC, "report")))
step("job_patch", lambda: job(jobs.patch(RG, JC, "report", m.JobDefinition(
    properties=m.JobProperties(state="Disabled")))))
step("job_create_other", lambda: job(jobs.create_or_update(RG, JC, "other", m.JobDefinition(
    properties=m.JobProperties(state="Disabled", action=m.JobAction(
        type="Http", request=m.HttpRequest(uri="http://example.com/", method="GET")))))))
step("job_patch_enable", lambda: job(jobs.patch(RG, JC, "report", m.JobDefinition(
    properties=m.JobProperties(state="Enabled")))))
step("job_list", lambda: [j.name for j in jobs.list(RG, JC)])
step("job_list_filter", lambda: [j.name for j in jobs.list(RG, JC, filter="state eq 'Disabled'")])
step("job_list_top_skip", lambda: [j.name for j in jobs.list(RG, JC, top=1, skip=1)])
step("job_delete", lambda: jobs.delete(RG, JC, "other"))
step("job_get_deleted", lambda: job(jobs.get(RG, JC, "other")))
step("job_create_invalid", lambda: job(jobs.create_or_update(RG, JC, "bad", m.JobDefinition(
    properties=m.JobProperties(action=m.JobAction(type="Http", request=m.HttpRequest(method="GET")))))))

# -- run and its history ------------------------------------------------------------------------------
step("run_job_create", lambda: job(jobs.create_or_update(RG, JC, "runner", m.JobDefinition(
    properties=m.JobProperties(
        start_time=start,
        action=m.JobAction(type="Http", request=m.HttpRequest(uri=cfg["sinkUrl"], method="POST", body="x")),
        recurrence=m.JobRecurrence(frequency="Day", interval=1))))))
step("run", lambda: jobs.run(RG, JC, "runner"))
step("history", lambda: [history(h) for h in until(
    lambda: list(jobs.list_job_history(RG, JC, "runner")), lambda h: len(h) >= 1, "one entry")])
step("run_job_after", lambda: job(until(
    lambda: jobs.get(RG, JC, "runner"),
    lambda j: j.properties.status and j.properties.status.execution_count == 1, "executionCount 1")))
step("history_completed", lambda: len(list(jobs.list_job_history(RG, JC, "runner", filter="status eq Completed"))))
step("history_failed", lambda: len(list(jobs.list_job_history(RG, JC, "runner", filter="status eq Failed"))))
step("history_top", lambda: len(list(jobs.list_job_history(RG, JC, "runner", top=1))))

# -- enable / disable (long-running operations Takt answers at once) ---------------------------------
step("jc_disable", lambda: jc.begin_disable(RG, JC).result())
step("after_disable", lambda: [jc.get(RG, JC).properties.state, jobs.get(RG, JC, "runner").properties.state])
step("jc_enable", lambda: jc.begin_enable(RG, JC).result())
step("after_enable", lambda: [jc.get(RG, JC).properties.state, jobs.get(RG, JC, "runner").properties.state])

# -- the pager follows nextLink (101 jobs: a page of 100, then one) ------------------------------------
disabled_http = m.JobDefinition(properties=m.JobProperties(state="Disabled", action=m.JobAction(
    type="Http", request=m.HttpRequest(uri="http://example.com/", method="GET"))))
step("many_create", lambda: [jc.create_or_update(RG, "py-big", m.JobCollectionDefinition(
    location="westus", properties=m.JobCollectionProperties(sku=m.Sku(name="P10Premium")))).name] + [
    jobs.create_or_update(RG, "py-big", "job%03d" % i, disabled_http).name for i in range(101)][-1:])
step("many_list", lambda: [j.name for j in jobs.list(RG, "py-big")])

# -- delete a collection with its jobs (long-running operation) ---------------------------------------
step("jc_delete", lambda: jc.begin_delete(RG, "py-big").result())
step("jc_get_deleted", lambda: collection(jc.get(RG, "py-big")))
step("jc_list_after_delete", lambda: [c.name for c in jc.list_by_resource_group(RG)])

with open(sys.argv[2], "w") as f:
    json.dump({"steps": steps, "wire": wire}, f, indent=1, default=str)
