// Drives the emulator with the official Databricks SDK for JavaScript, unchanged: if the emulator
// answers anything differently from the service in a way the SDK relies on, a check here fails.
// Reads DATABRICKS_HOST and DATABRICKS_TOKEN, as the SDK's default authentication does, and
// SDK_COMPAT_CLIENT_ID and SDK_COMPAT_CLIENT_SECRET for an OAuth client of the emulator.
import assert from "node:assert/strict";
import {WorkspaceClient} from "@databricks/sdk-experimental";

const client = new WorkspaceClient({});
let checks = 0;
const check = (name, fn) => fn().then(() => { checks++; console.log(`ok ${name}`); });
const notebook = (key, params = {}, dependsOn = []) => ({
    task_key: key,
    notebook_task: {notebook_path: `/Workspace/sdk/${key}`, base_parameters: params},
    depends_on: dependsOn.map(task_key => ({task_key})),
});

let jobId, runId;
await check("current user", async () => {
    const me = await client.currentUser.me();
    assert.ok(me.userName);
});
await check("create and get a job", async () => {
    ({job_id: jobId} = await client.jobs.create({
        name: "sdk-compat",
        tasks: [notebook("ingest"), notebook("transform", {fail: "true"}, ["ingest"]), notebook("publish", {}, ["transform"])],
    }));
    const job = await client.jobs.get({job_id: jobId});
    assert.equal(job.settings.tasks.length, 3);
});
await check("run now and wait", async () => {
    const waiter = await client.jobs.runNow({job_id: jobId});
    runId = waiter.run_id;
    const states = new Set();
    const run = await waiter.wait({onProgress: async r => { states.add(r.state?.life_cycle_state); }});
    assert.equal(run.state.life_cycle_state, "TERMINATED");
    assert.equal(run.state.result_state, "FAILED");
    assert.ok(states.size >= 1);
});
await check("output of the failed task", async () => {
    const run = await client.jobs.getRun({run_id: runId});
    const failed = run.tasks.find(t => t.task_key === "transform");
    const output = await client.jobs.getRunOutput({run_id: failed.run_id});
    assert.match(output.error, /fail=true/);
    assert.equal(output.metadata.state.result_state, "FAILED");
});
await check("repair and wait", async () => {
    const waiter = await client.jobs.repairRun({run_id: runId, rerun_all_failed_tasks: true, notebook_params: {fail: "false"}});
    assert.ok(waiter.repair_id);
    const run = await waiter.wait({});
    assert.equal(run.state.result_state, "SUCCESS");
    const withHistory = await client.jobs.getRun({run_id: runId, include_history: true});
    assert.deepEqual(withHistory.repair_history.map(h => h.type), ["ORIGINAL", "REPAIR"]);
});
await check("list jobs and runs over pages", async () => {
    const name = `sdk-compat-paging-${Date.now()}`;
    for (let i = 0; i < 4; i++) await client.jobs.create({name, tasks: [notebook("a")]});
    const jobs = [];
    for await (const job of client.jobs.list({name, limit: 3})) jobs.push(job.job_id);
    assert.equal(jobs.length, 4);
    assert.equal(new Set(jobs).size, 4);
    const runs = [];
    for await (const run of client.jobs.listRuns({job_id: jobId, limit: 1})) runs.push(run.run_id);
    assert.deepEqual(runs, [runId]);
});
await check("submit a one-time run and export it", async () => {
    const run = await (await client.jobs.submit({run_name: "sdk-once", tasks: [notebook("once", {exit: "done"})]})).wait({});
    assert.equal(run.run_type, "SUBMIT_RUN");
    assert.equal(run.state.result_state, "SUCCESS");
    const exported = await client.jobs.exportRun({run_id: run.tasks[0].run_id, views_to_export: "ALL"});
    assert.deepEqual(exported.views.map(v => v.type), ["NOTEBOOK", "DASHBOARD"]);
});
await check("cancel a run and wait", async () => {
    const {run_id} = await client.jobs.runNow({job_id: jobId, notebook_params: {sleep_seconds: "60"}});
    const run = await (await client.jobs.cancelRun({run_id})).wait({});
    assert.equal(run.state.result_state, "CANCELED");
});
await check("permissions", async () => {
    // setPermissions (PUT), not updatePermissions: SDK 0.17.0 sends no body with PATCH (its client
    // attaches payloads to POST and PUT only), so a PATCH reaches any server empty.
    const updated = await client.jobs.setPermissions({
        job_id: String(jobId),
        access_control_list: [{group_name: "data-eng", permission_level: "CAN_MANAGE_RUN"}],
    });
    assert.ok(updated.access_control_list.some(a => a.group_name === "data-eng"));
    const levels = await client.jobs.getPermissionLevels({job_id: String(jobId)});
    assert.ok(levels.permission_levels.length >= 4);
});
await check("errors carry the service's error code", async () => {
    await assert.rejects(client.jobs.get({job_id: 424242424242}), e => e.errorCode === "RESOURCE_DOES_NOT_EXIST" || e.error_code === "RESOURCE_DOES_NOT_EXIST" || /does not exist/.test(e.message));
});
await check("delete the job", async () => {
    await client.jobs.delete({job_id: jobId});
    await assert.rejects(client.jobs.get({job_id: jobId}));
});
await check("OAuth machine-to-machine through the workspace's token endpoint", async () => {
    // A second client, as a service principal: the SDK discovers /oidc/v1/token and exchanges the secret there.
    const sp = new WorkspaceClient({
        host: process.env.DATABRICKS_HOST,
        clientId: process.env.SDK_COMPAT_CLIENT_ID,
        clientSecret: process.env.SDK_COMPAT_CLIENT_SECRET,
        authType: "oauth-m2m",
    });
    const me = await sp.currentUser.me();
    assert.equal(me.userName, process.env.SDK_COMPAT_CLIENT_ID);
    for await (const job of sp.jobs.list({limit: 1})) assert.ok(job.job_id);
});
console.log(`SDK compatibility: ${checks} checks passed`);
